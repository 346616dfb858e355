/**
 * A regular chain as `nft -j list ruleset` prints it, read without
 * `JSON.parse`: `{"chain": {"family": "ip", "table": "t", "name": "c",
 * "handle": 7}}`. A kube-proxy listing has 40,000 of them, and parsing each
 * into objects only to build the same command is most of its reading. Only
 * an entry that is exactly this, in JSON's own syntax (JSON whitespace, no
 * escapes or control characters in the strings, a plain integer), is read
 * here; anything else (a base chain, a comment, other key orders) goes to
 * the full reader, which gives the same command (json-objects.ts).
 */
import type { NftCommand } from "./commands.js";
import { withPath } from "./json-locate.js";
import type { NftFamily } from "./model.js";

const space = "[ \\t\\n\\r]*";
const plain = '"([^"\\\\\\u0000-\\u001f]*)"';
const listedChain = new RegExp(
	[
		`\\{${space}"chain"${space}:${space}\\{${space}`,
		`"family"${space}:${space}"(ip|ip6|inet|arp|bridge|netdev)"${space},${space}`,
		`"table"${space}:${space}${plain}${space},${space}`,
		`"name"${space}:${space}${plain}${space},${space}`,
		`"handle"${space}:${space}(0|[1-9][0-9]{0,15})${space}`,
		`\\}${space}\\}`,
	].join(""),
	"y",
);

/** The entry `start`..`end` (number `index`) read as a listed regular chain, or undefined. */
export function readListedChain(
	text: string,
	start: number,
	end: number,
	index: number,
	at: { readonly line: number; readonly column: number },
): NftCommand | undefined {
	listedChain.lastIndex = start;
	const match = listedChain.exec(text);
	if (match === null || listedChain.lastIndex !== end) return undefined;
	const [, family, table, name, handle] = match as unknown as [
		string,
		NftFamily,
		string,
		string,
		string,
	];
	return {
		kind: "add-chain",
		family,
		table,
		chain: {
			name,
			rules: [],
			origin: withPath(at, `$.nftables[${index}].chain`),
			handle: Number(handle),
		},
		header: {},
		create: false,
	};
}
