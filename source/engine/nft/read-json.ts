/**
 * Reads nft's JSON form: what `nft -j list ruleset` prints (one object per
 * table, chain, rule, set, map, element, flowtable and stateful object) and
 * the command batches `nft -j -f` reads (`{"add": {...}}`, `{"flush": ...}`).
 * Total: every problem is a diagnostic with the command's line and column
 * and the JSON path of the value.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { NftCommand } from "./commands.js";
import { cutListedSet, jsonElementsLater } from "./json-elements-later.js";
import { type JsonEntrySpans, splitNftablesEntries } from "./json-entries.js";
import {
	isObject,
	type JsonObject,
	jsonElement,
	singleKey,
} from "./json-expr.js";
import { readListedChain } from "./json-listed-chain.js";
import {
	createJsonLocator,
	type JsonLocator,
	jsonErrorOffset,
	withPath,
} from "./json-locate.js";
import { jsonObjectCommand } from "./json-objects.js";
import { keepListedRules } from "./json-rules-later.js";
import type { NftFamily } from "./model.js";

export type NftJsonReading = {
	readonly commands: readonly NftCommand[];
	readonly diagnostics: readonly Diagnostic[];
};

const verbs = new Set([
	"add",
	"create",
	"insert",
	"replace",
	"delete",
	"destroy",
	"flush",
	"list",
	"reset",
	"rename",
]);

function diagnostic(
	source: string,
	at: { line: number; column: number },
	message: string,
	path?: string,
): Diagnostic {
	return {
		severity: "error",
		code: "json",
		message: path ? `${message} (at ${path})` : message,
		source,
		line: at.line,
		column: at.column,
		length: 1,
		fatal: true,
	};
}

function removal(
	verb: "flush" | "delete" | "destroy",
	body: JsonObject,
	origin: { line: number; column: number; path: string },
): NftCommand | undefined {
	const entry = singleKey(body);
	if (!entry) return undefined;
	const [what, spec] = entry;
	if (!isObject(spec))
		return what === "ruleset" ? { kind: verb, what, origin } : undefined;
	const family = spec["family"];
	const name = spec["name"] ?? spec["chain"];
	return {
		kind: verb,
		what,
		origin,
		...(typeof family === "string" ? { family: family as NftFamily } : {}),
		...(typeof spec["table"] === "string"
			? { table: spec["table"] }
			: what === "table" && typeof spec["name"] === "string"
				? { table: spec["name"] }
				: {}),
		...(typeof name === "string" && what !== "table" ? { name } : {}),
		...(typeof spec["handle"] === "number" ? { handle: spec["handle"] } : {}),
		...(Array.isArray(spec["elem"])
			? {
					elements: spec["elem"].map((e, i) =>
						jsonElement(e, `${origin.path}.${what}.elem[${i}]`, () => {}),
					),
				}
			: {}),
	};
}

type EntryContext = {
	readonly commands: NftCommand[];
	readonly diagnostics: Diagnostic[];
	readonly source: string;
	readonly locate: JsonLocator;
};

/** One entry of the `nftables` array: a listed object or a command. */
function readEntry(entry: unknown, index: number, ctx: EntryContext): void {
	const { commands } = ctx;
	const path = `$.nftables[${index}]`;
	const origin = withPath(ctx.locate.entry(index), path);
	const report = (at: string, message: string) => {
		ctx.diagnostics.push(diagnostic(ctx.source, origin, message, at));
	};
	const pair = isObject(entry) ? singleKey(entry) : undefined;
	if (!pair) {
		report(path, "Unexpected command: an object with one key expected");
		return;
	}
	const [key, body] = pair;
	if (key === "metainfo") return;
	if (!verbs.has(key)) {
		for (const command of jsonObjectCommand(key, body, origin, false, report))
			commands.push(command);
		return;
	}
	if (!isObject(body)) {
		report(`${path}.${key}`, "Unexpected command body");
		return;
	}
	if (key === "flush" || key === "delete" || key === "destroy") {
		const command = removal(key, body, origin);
		if (command) commands.push(command);
		else report(`${path}.${key}`, "Unexpected command body");
		return;
	}
	if (key === "list" || key === "reset" || key === "rename") {
		commands.push({ kind: "other", verb: key, origin });
		return;
	}
	const inner = singleKey(body);
	if (!inner) {
		report(`${path}.${key}`, "Unexpected command body");
		return;
	}
	commands.push(
		...jsonObjectCommand(
			inner[0],
			inner[1],
			withPath(origin, `${path}.${key}`),
			key === "create",
			report,
			key === "insert",
		),
	);
}

/** Reads the entries one at a time; undefined when one of them is not JSON. */
function readEntries(
	text: string,
	spans: JsonEntrySpans,
	source: string,
	later: boolean,
): NftJsonReading | undefined {
	const locate = createJsonLocator(text, spans.starts);
	const commands: NftCommand[] = [];
	const diagnostics: Diagnostic[] = [];
	const ctx = { commands, diagnostics, source, locate };
	const keep = later
		? keepListedRules(
				text,
				spans,
				(index) => locate.entry(index),
				(entry, index) => {
					const read = { ...ctx, commands: [], diagnostics: [] };
					readEntry(entry, index, read);
					return read;
				},
				(index, message) =>
					diagnostic(
						source,
						locate.entry(index),
						`JSON syntax error: ${message}`,
						`$.nftables[${index}]`,
					),
			)
		: undefined;
	for (let index = 0; index < spans.starts.length; index++) {
		if (keep?.(index, commands)) continue;
		const start = spans.starts[index] ?? 0;
		const end = spans.ends[index] ?? 0;
		const chain =
			later && readListedChain(text, start, end, index, locate.entry(index));
		if (chain) {
			commands.push(chain);
			continue;
		}
		const cut = later ? cutListedSet(text, start, end) : undefined;
		let entry: unknown;
		try {
			entry = JSON.parse(cut ? cut.header : text.slice(start, end));
		} catch {
			return undefined;
		}
		const before = commands.length;
		readEntry(entry, index, ctx);
		const command = commands[before];
		if (cut && command?.kind === "add-set" && commands.length === before + 1) {
			const path = `${command.set.origin.path ?? `$.nftables[${index}]`}.elem`;
			const elementsLater = jsonElementsLater(text, cut, path, (at, message) =>
				diagnostic(source, locate.entry(index), message, at),
			);
			commands[before] = { ...command, elementsLater };
		}
	}
	return { commands, diagnostics };
}

/**
 * Reads nft JSON into commands; never throws. `later`: the rules of
 * `nft -j list ruleset` are kept to be read when first needed
 * (json-rules-later.ts).
 */
export function readNftJson(
	text: string,
	source = "-",
	options: { readonly later?: boolean } = {},
): NftJsonReading {
	const spans = splitNftablesEntries(text);
	const byEntry =
		spans && readEntries(text, spans, source, options.later === true);
	if (byEntry) return byEntry;
	const locate = createJsonLocator(text);
	const diagnostics: Diagnostic[] = [];
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		diagnostics.push(
			diagnostic(
				source,
				locate.at(jsonErrorOffset(message, text)),
				`JSON syntax error: ${message}`,
			),
		);
		return { commands: [], diagnostics };
	}
	const entries = isObject(document) ? document["nftables"] : undefined;
	if (!Array.isArray(entries)) {
		diagnostics.push(
			diagnostic(
				source,
				{ line: 1, column: 1 },
				'Unexpected JSON: no "nftables" array',
				"$",
			),
		);
		return { commands: [], diagnostics };
	}
	const commands: NftCommand[] = [];
	entries.forEach((entry, index) => {
		readEntry(entry, index, { commands, diagnostics, source, locate });
	});
	return { commands, diagnostics };
}
