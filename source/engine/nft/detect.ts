/**
 * Tells an nft ruleset from an iptables-save file by its first statement,
 * so `iptx check FILE` needs no flag: iptables-save starts with `*table`,
 * `:CHAIN`, `-A` or `COMMIT`; nft starts with a command or declaration
 * (`table`, `flush ruleset`, `define`, `add rule`...) or is JSON with an
 * `nftables` array.
 */

const nftStarts = new Set([
	"table",
	"chain",
	"set",
	"map",
	"flowtable",
	"flush",
	"define",
	"redefine",
	"undefine",
	"include",
	"add",
	"create",
	"insert",
	"replace",
	"delete",
	"destroy",
	"rule",
	"element",
	"list",
]);

/** True when the text reads as nft (text or JSON) rather than iptables-save. */
export function looksLikeNft(text: string): boolean {
	if (/^\s*\{\s*"nftables"/.test(text)) return true;
	for (const raw of text.split("\n", 200)) {
		const line = raw.trim();
		if (line === "" || line.startsWith("#")) continue;
		const word = /^[A-Za-z]+/.exec(line)?.[0];
		return word !== undefined && nftStarts.has(word);
	}
	return false;
}
