/**
 * The rules of `nft -j list ruleset` kept unread (rules-later.ts): each
 * `{"rule": {"family": .., "table": .., "chain": .., ...}}` entry is told by
 * its first characters, and a run of entries for one chain becomes one
 * command whose entries are parsed when the chain's rules are first asked
 * for. An entry that does not start so is read at once, as before.
 *
 * A kube-proxy listing has 40,000 such runs, all alive until the explorer
 * closes: a run is one small object (its first and last entry) sharing the
 * listing, with no closures of its own.
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
const setUpdateBefore = /"(?:set|map)"\s*:\s*$/;

/** The document and how to read one of its entries, shared by every run. */
type Listing = {
	readonly text: string;
	readonly spans: JsonEntrySpans;
	readonly readOne: (entry: unknown, index: number) => EntryRead;
	readonly unreadable: (index: number, message: string) => Diagnostic;
	/** Offsets of each `"@` a set update names, found at the first question. */
	updates?: readonly number[];
};

/** Where the listing's set update statements name their set, in order. */
function setUpdates(text: string): number[] {
	const found: number[] = [];
	for (let at = text.indexOf('"@'); at !== -1; at = text.indexOf('"@', at + 2))
		if (setUpdateBefore.test(text.slice(Math.max(0, at - 64), at)))
			found.push(at);
	return found;
}

/** The listed rules of one chain: entries `first` to `last` of the document. */
class ListedRules implements RulesLater {
	readonly #listing: Listing;
	readonly first: number;
	last: number;

	constructor(listing: Listing, first: number) {
		this.#listing = listing;
		this.first = first;
		this.last = first;
	}

	get count(): number {
		return this.last - this.first + 1;
	}

	read(): RulesRead {
		const { text, spans, readOne, unreadable } = this.#listing;
		const rules: NftRule[] = [];
		const diagnostics: Diagnostic[] = [];
		for (let index = this.first; index <= this.last; index++) {
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

	mayUpdateSets(): boolean {
		const listing = this.#listing;
		listing.updates ??= setUpdates(listing.text);
		const from = listing.spans.starts[this.first] ?? 0;
		const to = listing.spans.ends[this.last] ?? 0;
		const updates = listing.updates;
		// The first update at or after `from`, by halving.
		let low = 0;
		let high = updates.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if ((updates[mid] ?? 0) < from) low = mid + 1;
			else high = mid;
		}
		return low < updates.length && (updates[low] ?? 0) < to;
	}
}

/** Whether entry `index` comes right after the run, with nothing pushed since. */
function continuesRun(
	run: Run | undefined,
	index: number,
	out: readonly NftCommand[],
): run is Run {
	return (
		run !== undefined &&
		out[out.length - 1] === run.command &&
		index === run.rules.last + 1
	);
}

type Run = {
	readonly command: Extract<NftCommand, { kind: "add-rules-later" }>;
	readonly rules: ListedRules;
	/** The text every entry of the run starts with, up to its chain's name. */
	readonly head: string;
};

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
	const listing: Listing = { text, spans, readOne, unreadable };
	let run: Run | undefined;
	return (index, out) => {
		const start = spans.starts[index] ?? 0;
		if (continuesRun(run, index, out) && text.startsWith(run.head, start)) {
			run.rules.last = index;
			return true;
		}
		ruleHead.lastIndex = start;
		const head = ruleHead.exec(text);
		if (head === null) return false;
		const [whole, family, table, chain] = head as unknown as [
			string,
			NftFamily,
			string,
			string,
		];
		if (
			continuesRun(run, index, out) &&
			run.command.family === family &&
			run.command.table === table &&
			run.command.chain === chain
		) {
			run.rules.last = index;
			return true;
		}
		const rules = new ListedRules(listing, index);
		const command = {
			kind: "add-rules-later" as const,
			family,
			table,
			chain,
			chainOrigin: withPath(at(index), `$.nftables[${index}].rule`),
			later: rules,
		};
		run = { command, rules, head: whole };
		out.push(command);
		return true;
	};
}
