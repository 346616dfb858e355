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
	argTokens: number[];
	/**
	 * The most arguments its module declares (getopt and the module's own
	 * reads); a word past them is iptables' "Bad argument".
	 */
	maxArgs?: number;
};

/** The rule line and the index its words start at (after `[p:b]`). */
export type LineSource = { readonly text: string; readonly start: number };

const noOptions: readonly RawOption[] = Object.freeze([]);
const noArgs: readonly string[] = Object.freeze([]);

/** A coded option list: packed number, char codes, or the options themselves. */
type OptionCode = number | string | readonly RawOption[];

/**
 * The usual single option (`--comment X`, `--dport 80`, `--to-destination X`)
 * as one small integer: word index, flags, argument count (the arguments are
 * the words right after it) and column. Undefined when it does not fit.
 */
function pack(source: LineSource, option: OptionBuilder): number | undefined {
	const { token, column, argTokens } = option;
	const count = argTokens.length;
	if (source.start !== 0 || token > 127 || count > 3 || column > 0xffff)
		return undefined;
	for (let i = 0; i < count; i++)
		if (argTokens[i] !== token + 1 + i) return undefined;
	const flags = (option.invert ? 1 : 0) | (option.attached ? 2 : 0);
	return ((column * 4 + count) * 4 + flags) * 128 + token;
}

function unpack(text: string, code: number): readonly RawOption[] {
	const token = code % 128;
	const flags = Math.floor(code / 128) % 4;
	const count = Math.floor(code / 512) % 4;
	const column = Math.floor(code / 2048);
	const at = String.fromCharCode(token, flags, column, count);
	let indices = "";
	for (let i = 1; i <= count; i++) indices += String.fromCharCode(token + i);
	return decode(text, String.fromCharCode(0) + at + indices);
}

/**
 * Encodes options as char codes: start, then per option token, flags, column,
 * argument count and argument tokens. Undefined when a value does not fit.
 */
function encode(
	source: LineSource,
	builders: readonly OptionBuilder[],
): string | undefined {
	let code = String.fromCharCode(source.start);
	for (const option of builders) {
		const { token, column, argTokens } = option;
		if (Math.max(token, column, argTokens.length, ...argTokens) > 0xffff)
			return undefined;
		code += String.fromCharCode(
			token,
			(option.invert ? 1 : 0) | (option.attached ? 2 : 0),
			column,
			argTokens.length,
			...argTokens,
		);
	}
	return code;
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
): OptionCode {
	if (builders.length === 0) return noOptions;
	if (builders.length === 1) {
		const packed = pack(source, builders[0] as OptionBuilder);
		if (packed !== undefined) return packed;
	}
	if (source.start > 0xffff) return options;
	return encode(source, builders) ?? options;
}

/** Lazily decoded options: the code, or the options themselves. */
class LazyOptions {
	#text: string;
	#code: OptionCode;

	constructor(text: string, code: OptionCode) {
		this.#text = text;
		this.#code = code;
	}

	get options(): readonly RawOption[] {
		const code = this.#code;
		if (typeof code === "object") return code;
		const options =
			typeof code === "number"
				? unpack(this.#text, code)
				: decode(this.#text, code);
		this.#code = options;
		return options;
	}

	protected get lineText(): string {
		return this.#text;
	}

	protected get code(): OptionCode {
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
		code: OptionCode,
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
