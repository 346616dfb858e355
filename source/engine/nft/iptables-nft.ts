/**
 * Which tables of an nft ruleset are iptables-nft's (or arptables-nft's,
 * ebtables-nft's) rather than native nftables: the tools create tables
 * named as the x_tables tables (`ip filter`, `ip6 nat`, `bridge broute`),
 * with base chains named as the built-in chains on their hooks (`INPUT` on
 * input), and rules the nft tool cannot express carry `xt` compat
 * expressions (printed as `xt match "..."` or a `# ...` translation). Such
 * a table is what `iptables-save` prints: showing it again as nft would
 * count the same rules twice.
 */
import type { NftFamily, NftRuleset, NftTable } from "./model.js";

const toolTables: Readonly<Partial<Record<NftFamily, readonly string[]>>> = {
	ip: ["filter", "nat", "mangle", "raw", "security"],
	ip6: ["filter", "nat", "mangle", "raw", "security"],
	arp: ["filter"],
	bridge: ["filter", "nat", "broute"],
};

/** The tool that writes such a table, for messages. */
const toolOf: Readonly<Partial<Record<NftFamily, string>>> = {
	ip: "iptables-nft",
	ip6: "ip6tables-nft",
	arp: "arptables-nft",
	bridge: "ebtables-nft",
};

function builtinNames(table: NftTable): boolean {
	const bases = table.chains.filter((chain) => chain.base !== undefined);
	return (
		bases.length > 0 &&
		bases.every((chain) => chain.name === chain.base?.hook.toUpperCase())
	);
}

function carriesXt(table: NftTable): boolean {
	return table.chains.some((chain) =>
		chain.rules.some(
			(rule) =>
				rule.trailingComment !== undefined ||
				rule.stmts.some((stmt) => stmt.kind === "xt"),
		),
	);
}

/** The x_tables tool whose table this is, or undefined for a native nft table. */
export function xtablesToolOf(table: NftTable): string | undefined {
	if (!toolTables[table.family]?.includes(table.name)) return undefined;
	return builtinNames(table) || carriesXt(table)
		? toolOf[table.family]
		: undefined;
}

/** `ip filter` → `iptables-nft`, for every table of the ruleset written by an x_tables tool. */
export function xtablesTables(
	ruleset: NftRuleset,
): ReadonlyMap<NftTable, string> {
	const found = new Map<NftTable, string>();
	for (const table of ruleset.tables) {
		const tool = xtablesToolOf(table);
		if (tool !== undefined) found.set(table, tool);
	}
	return found;
}
