/**
 * MatchCall and TargetCall whose `options` are rebuilt from the rule's own
 * line on first use. The engine only reads `data`; the options as written are
 * for printing and display, so a 100,000-rule file need not keep a few
 * hundred thousand option objects alive. Each call keeps a short code (token
 * numbers, flags and columns) and re-tokenizes its line when asked.
 */
import type { MatchCall, RawOption, TargetCall } from "../model/ruleset.js";
import { splitAttached, tokenizeRuleLine } from "./tokenize-line.js";

/** What the rule parser knows about one option while it groups them. */
export type OptionBuilder = {
	name: string;
	invert: boolean;
	args: string[];
	column: number;
	/** Index of the option's own word among the line's words. */
	readonly token: number;
	/** The value came in the same word (`--opt=value`, `-sVALUE`). */
	readonly attached: boolean;
	/** Indices of the argument words that follow. */
	readonly argTokens: number[];
};

/** The rule line and the index its words start at (after `[p:b]`). */
export type LineSource = { readonly text: string; readonly start: number };

const noOptions: readonly RawOption[] = Object.freeze([]);
const noArgs: readonly string[] = Object.freeze([]);

/**
 * Encodes options as char codes: start, then per option token, flags, column,
 * argument count and argument tokens. Undefined when a value does not fit.
 */
function encode(source: LineSource, builders: readonly OptionBuilder[]) {
	const codes: number[] = [source.start];
	for (const option of builders) {
		codes.push(
			option.token,
			(option.invert ? 1 : 0) | (option.attached ? 2 : 0),
			option.column,
			option.argTokens.length,
		);
		for (const index of option.argTokens) codes.push(index);
	}
	for (const code of codes) if (code > 0xffff || code < 0) return undefined;
	return String.fromCharCode(...codes);
}

function decode(text: string, code: string): readonly RawOption[] {
	const { tokens } = tokenizeRuleLine(text, code.charCodeAt(0));
	const options: RawOption[] = [];
	let at = 1;
	while (at < code.length) {
		const word = tokens[code.charCodeAt(at)]?.text ?? "";
		const flags = code.charCodeAt(at + 1);
		const column = code.charCodeAt(at + 2);
		const count = code.charCodeAt(at + 3);
		at += 4;
		let name = word;
		const args: string[] = [];
		if ((flags & 2) !== 0) {
			const [head, value] = splitAttached(word);
			name = head;
			if (value !== undefined) args.push(value);
		}
		for (let i = 0; i < count; i++, at++)
			args.push(tokens[code.charCodeAt(at)]?.text ?? "");
		options.push({
			name,
			invert: (flags & 1) !== 0,
			args: args.length === 0 ? noArgs : args,
			column,
		});
	}
	return options;
}

/** Options for a module's parse: exact-size arrays, built once per call. */
export function rawOptions(builders: OptionBuilder[]): readonly RawOption[] {
	if (builders.length === 0) return noOptions;
	return builders.map(
		(option): RawOption => ({
			name: option.name,
			invert: option.invert,
			args: option.args.length === 0 ? noArgs : option.args.slice(),
			column: option.column,
		}),
	);
}

/** The code for `builders`, or the options themselves when it cannot be coded. */
function codeFor(
	source: LineSource,
	builders: readonly OptionBuilder[],
	options: readonly RawOption[],
): string | readonly RawOption[] {
	return builders.length === 0
		? noOptions
		: (encode(source, builders) ?? options);
}

/** Lazily decoded options: the code, or the options themselves. */
class LazyOptions {
	#text: string;
	#code: string | readonly RawOption[];

	constructor(text: string, code: string | readonly RawOption[]) {
		this.#text = text;
		this.#code = code;
	}

	get options(): readonly RawOption[] {
		const code = this.#code;
		if (typeof code !== "string") return code;
		const options = decode(this.#text, code);
		this.#code = options;
		return options;
	}

	protected get lineText(): string {
		return this.#text;
	}

	protected get code(): string | readonly RawOption[] {
		return this.#code;
	}
}

export class LazyMatchCall extends LazyOptions implements MatchCall {
	readonly module: string;
	readonly known: boolean;
	readonly data: unknown;
	readonly implicit: boolean;
	readonly column: number;

	constructor(
		call: Omit<MatchCall, "options">,
		source: LineSource,
		builders: readonly OptionBuilder[],
		options: readonly RawOption[],
	) {
		super(source.text, codeFor(source, builders, options));
		this.module = call.module;
		this.known = call.known;
		this.data = call.data;
		this.implicit = call.implicit;
		this.column = call.column;
	}
}

export class LazyTargetCall extends LazyOptions implements TargetCall {
	readonly name: string;
	readonly kind: TargetCall["kind"];
	readonly data: unknown;
	readonly column: number;

	constructor(
		call: Omit<TargetCall, "options">,
		text: string,
		code: string | readonly RawOption[],
	) {
		super(text, code);
		this.name = call.name;
		this.kind = call.kind;
		this.data = call.data;
		this.column = call.column;
	}

	static of(
		call: Omit<TargetCall, "options">,
		source: LineSource,
		builders: readonly OptionBuilder[],
		options: readonly RawOption[],
	): LazyTargetCall {
		return new LazyTargetCall(
			call,
			source.text,
			codeFor(source, builders, options),
		);
	}

	/** A copy with another name or kind, still lazy. */
	with(change: Partial<Pick<TargetCall, "name" | "kind">>): LazyTargetCall {
		return new LazyTargetCall(
			{
				name: change.name ?? this.name,
				kind: change.kind ?? this.kind,
				data: this.data,
				column: this.column,
			},
			this.lineText,
			this.code,
		);
	}
}

/** A copy of a target with another name or kind, keeping lazy options. */
export function changeTarget(
	target: TargetCall,
	change: Partial<Pick<TargetCall, "name" | "kind">>,
): TargetCall {
	if (target instanceof LazyTargetCall) return target.with(change);
	return { ...target, ...change };
}
