/**
 * The rules of `nft -j list ruleset` kept unread (rules-later.ts): each
 * `{"rule": {"family": .., "table": .., "chain": .., ...}}` entry is told by
 * its first characters, and a run of entries for one chain becomes one
 * command whose entries are parsed when the chain's rules are first asked
 * for. An entry that does not start so is read at once, as before.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { NftCommand } from "./commands.js";
import type { JsonEntrySpans } from "./json-entries.js";
import { withPath } from "./json-locate.js";
import type { NftFamily, NftRule } from "./model.js";
import type { RulesLater, RulesRead } from "./rules-later.js";

/** What reading one entry gives (read-json.ts's readEntry). */
export type EntryRead = {
	readonly commands: readonly NftCommand[];
	readonly diagnostics: readonly Diagnostic[];
};

/** A listed rule's head; names with escapes are left to the full read. */
const ruleHead =
	/\{\s*"rule"\s*:\s*\{\s*"family"\s*:\s*"(ip|ip6|inet|arp|bridge|netdev)"\s*,\s*"table"\s*:\s*"([^"\\]*)"\s*,\s*"chain"\s*:\s*"([^"\\]*)"\s*,/y;

/** A set or map update statement: `{"set": {"op": .., "set": "@name"}}`, `{"map": {.., "map": "@name"}}`. */
const setUpdateJson = /"(?:set|map)"\s*:\s*"@/;

type Run = {
	readonly command: Extract<NftCommand, { kind: "add-rules-later" }>;
	readonly entries: number[];
};

function readRun(
	text: string,
	spans: JsonEntrySpans,
	entries: readonly number[],
	readOne: (entry: unknown, index: number) => EntryRead,
	unreadable: (index: number, message: string) => Diagnostic,
): RulesRead {
	const rules: NftRule[] = [];
	const diagnostics: Diagnostic[] = [];
	for (const index of entries) {
		let entry: unknown;
		try {
			entry = JSON.parse(text.slice(spans.starts[index], spans.ends[index]));
		} catch (error) {
			diagnostics.push(unreadable(index, String(error)));
			continue;
		}
		const read = readOne(entry, index);
		for (const d of read.diagnostics) diagnostics.push(d);
		for (const command of read.commands)
			if (command.kind === "add-rule") rules.push(command.rule);
	}
	return { rules, diagnostics, gated: [] };
}

/**
 * A keeper for the reader's loop: true when entry `index` is a listed rule,
 * then kept (appended to `out` as a new run, or to the run `out` ends with).
 */
export function keepListedRules(
	text: string,
	spans: JsonEntrySpans,
	at: (index: number) => { line: number; column: number },
	readOne: (entry: unknown, index: number) => EntryRead,
	unreadable: (index: number, message: string) => Diagnostic,
): (index: number, out: NftCommand[]) => boolean {
	let run: Run | undefined;
	return (index, out) => {
		ruleHead.lastIndex = spans.starts[index] ?? 0;
		const head = ruleHead.exec(text);
		if (head === null) return false;
		const [, family, table, chain] = head as unknown as [
			string,
			NftFamily,
			string,
			string,
		];
		if (
			run !== undefined &&
			out[out.length - 1] === run.command &&
			run.command.family === family &&
			run.command.table === table &&
			run.command.chain === chain
		) {
			run.entries.push(index);
			return true;
		}
		const entries = [index];
		const later: RulesLater = {
			get count() {
				return entries.length;
			},
			read: () => readRun(text, spans, entries, readOne, unreadable),
			mayUpdateSets: () =>
				entries.some((at) =>
					setUpdateJson.test(text.slice(spans.starts[at], spans.ends[at])),
				),
		};
		const command = {
			kind: "add-rules-later" as const,
			family,
			table,
			chain,
			chainOrigin: withPath(at(index), `$.nftables[${index}].rule`),
			later,
		};
		run = { command, entries };
		out.push(command);
		return true;
	};
}
