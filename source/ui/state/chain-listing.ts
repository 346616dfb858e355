/**
 * One chain as the Rules pane lists it, whatever its language: iptables
 * rules numbered as the kernel numbers them, or nft rules named by their
 * handles. Rows are made on demand, so a 100,000-rule chain costs only the
 * rows in view; a listing is made once per chain and context.
 */
import type { Family, Rule } from "../../engine/index.js";
import type { SimulationContext } from "../engine-port.js";
import type { ChainFrame } from "./chain-frames.js";
import { nftListing, nftRulesetOf, splitNftTableId } from "./nft-listing.js";

/** One rule row. `mark` is the key the packet's marks use (rule number or handle). */
export type ListedRule = {
	/** Unique within the ruleset (React key). */
	readonly id: string;
	/** iptables: the rule number; nft: the rule handle (its position when it has none). */
	readonly mark: number;
	/** The rule without its chain (`-p tcp -j ACCEPT`, `tcp dport 22 accept`), unescaped. */
	readonly body: string;
	/** The rule as written, for `v`. */
	readonly text: string;
	/** Line of the ruleset file (0 when not known). */
	readonly line: number;
};

export type ChainListing = {
	readonly language: "iptables" | "nft";
	/** `nat DOCKER`, `ip docker-bridges nat-PREROUTING`. */
	readonly title: string;
	readonly chain: string;
	/** Rules in the chain (the end row comes after them). */
	readonly total: number;
	readonly rule: (row: number) => ListedRule | undefined;
	/** The row of a mark (rule number or handle), or -1. */
	readonly rowOf: (mark: number) => number;
	/** A base chain's policy as the language writes it (`ACCEPT`, `drop`). */
	readonly policy?: string;
	/** nft base chains: `type filter hook forward priority filter (0)`. */
	readonly base?: string;
	/** What the number column holds, for the detail line: `#` or `handle `. */
	readonly markLabel: string;
};

const emptyListing = (table: string, chain: string): ChainListing => ({
	language: "iptables",
	title: `${table} ${chain}`,
	chain,
	total: 0,
	rule: () => undefined,
	rowOf: () => -1,
	markLabel: "#",
});

/** The rule text without its `-A CHAIN` prefix (the chain is in the title). */
export function xtRuleBody(rule: Rule): string {
	const prefix = `-A ${rule.chain} `;
	return rule.text.startsWith(prefix)
		? rule.text.slice(prefix.length)
		: rule.text;
}

/** An iptables chain's listing (rows are its `Rule`s, numbered from 1). */
export function xtListing(
	table: string,
	chain: string,
	rules: readonly Rule[],
	policy: string | undefined,
): ChainListing {
	return {
		language: "iptables",
		title: `${table} ${chain}`,
		chain,
		total: rules.length,
		rule: (row) => {
			const rule = rules[row];
			return rule
				? {
						id: rule.id,
						mark: rule.index,
						body: xtRuleBody(rule),
						text: rule.text,
						line: rule.line,
					}
				: undefined;
		},
		rowOf: (mark) => (mark >= 1 && mark <= rules.length ? mark - 1 : -1),
		...(policy === undefined ? {} : { policy }),
		markLabel: "#",
	};
}

const listings = new WeakMap<SimulationContext, Map<string, ChainListing>>();

/**
 * The listing of a chain: `table` is an iptables table name (`nat`) or an
 * nft table id (`inet filter`, see `nftTableId`).
 */
export function listChain(
	context: SimulationContext,
	table: string,
	chain: string,
	family: Family = "ipv4",
): ChainListing {
	let known = listings.get(context);
	if (known === undefined) {
		known = new Map();
		listings.set(context, known);
	}
	const key = `${family}\u0000${table}\u0000${chain}`;
	let listing = known.get(key);
	if (listing === undefined) {
		listing = makeListing(context, table, chain, family);
		known.set(key, listing);
	}
	return listing;
}

function makeListing(
	context: SimulationContext,
	table: string,
	chain: string,
	family: Family,
): ChainListing {
	const nftTable = splitNftTableId(table);
	if (nftTable !== undefined) {
		return (
			nftListing(nftRulesetOf(context), nftTable, chain) ??
			emptyListing(table, chain)
		);
	}
	// The packet's family picks the x_tables: iptables' or ip6tables'.
	const ruleset = family === "ipv6" ? context.ruleset6 : context.ruleset;
	const model = ruleset?.tables.get(table as "filter")?.chains.get(chain);
	if (model === undefined) return emptyListing(table, chain);
	return xtListing(
		table,
		chain,
		model.rules,
		model.builtin ? model.policy : undefined,
	);
}

/**
 * The row of the rule a chain visit is at: its current rule, or the end row
 * (`total`) once the visit reached the chain's end; -1 before any rule.
 */
export function frameRow(
	listing: ChainListing,
	frame: ChainFrame | undefined,
): number {
	if (frame === undefined) return -1;
	if (frame.end) return listing.total;
	return frame.current === undefined ? -1 : listing.rowOf(frame.current);
}
