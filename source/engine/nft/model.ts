/**
 * The nftables rule language as data: what `nft list ruleset` (text) and
 * `nft -j list ruleset` (JSON) describe, read into one model so both forms of
 * the same ruleset compare equal. Values are kept as nft's JSON has them
 * (numbers as numbers, names as strings); how a value prints depends on the
 * datatype of what it is compared with, as in nft itself.
 */

import type { NftExpr } from "./model-expr.js";
import type { NftStmt } from "./model-stmt.js";

export type * from "./model-expr.js";
export type * from "./model-stmt.js";

/** The address families of nf_tables (`NFPROTO_*`). */
export type NftFamily = "ip" | "ip6" | "inet" | "arp" | "bridge" | "netdev";

/** Where a piece of the model was read: text line/column or a JSON path. */
export type NftOrigin = {
	readonly line: number;
	readonly column: number;
	/** JSON path such as `$.nftables[4].rule.expr[1]` (JSON input only). */
	readonly path?: string;
};

export type NftRule = {
	readonly handle?: number;
	readonly stmts: readonly NftStmt[];
	readonly comment?: string;
	/**
	 * A `#` comment after the rule (not `# handle N`). In `nft list` output it
	 * is iptables' translation of an iptables-nft compat (xt) expression,
	 * e.g. `CHECKSUM fill`; in hand-written files, the author's note.
	 */
	readonly trailingComment?: string;
	readonly origin: NftOrigin;
};

/** What makes a chain a base chain: the hook it is registered on. */
export type NftBaseHook = {
	readonly type: string;
	readonly hook: string;
	/** The priority as a number (named priorities resolved). */
	readonly priority: number;
	/** The priority as written, when written by name (`filter - 1`, `dstnat`). */
	readonly priorityText?: string;
	readonly devices?: readonly string[];
	/** Absent means the default, accept. */
	readonly policy?: "accept" | "drop";
};

export type NftChain = {
	readonly name: string;
	readonly handle?: number;
	readonly base?: NftBaseHook;
	readonly comment?: string;
	readonly rules: readonly NftRule[];
	readonly origin: NftOrigin;
};

/** A named set or map (`map` when `dataType` is present). */
export type NftSet = {
	readonly name: string;
	readonly handle?: number;
	readonly isMap: boolean;
	/** Key type, e.g. `ipv4_addr . inet_proto . inet_service`; or `typeof` expression text. */
	readonly keyType: string;
	readonly dataType?: string;
	/** True when declared with `typeof` rather than `type`. */
	readonly typeOf?: boolean;
	readonly flags: readonly string[];
	readonly timeout?: string;
	readonly gcInterval?: string;
	readonly size?: number;
	readonly policy?: string;
	readonly autoMerge?: boolean;
	readonly counter?: boolean;
	readonly comment?: string;
	readonly elements: readonly NftExpr[];
	readonly origin: NftOrigin;
};

export type NftFlowtable = {
	readonly name: string;
	readonly handle?: number;
	readonly hook: string;
	readonly priority: number;
	readonly priorityText?: string;
	readonly devices: readonly string[];
	readonly flags?: readonly string[];
	readonly counter?: boolean;
	readonly origin: NftOrigin;
};

/** Stateful objects: counter, quota, limit, ct helper, ct timeout, secmark... */
export type NftObject = {
	readonly type: string;
	readonly name: string;
	readonly handle?: number;
	/** The object's attributes as written (`type "ftp" protocol tcp`). */
	readonly attributes: Readonly<Record<string, string>>;
	readonly origin: NftOrigin;
};

export type NftTable = {
	readonly family: NftFamily;
	readonly name: string;
	readonly handle?: number;
	readonly flags?: readonly string[];
	readonly comment?: string;
	readonly chains: readonly NftChain[];
	readonly sets: readonly NftSet[];
	readonly flowtables: readonly NftFlowtable[];
	readonly objects: readonly NftObject[];
	readonly origin: NftOrigin;
};

/** A whole ruleset: the tables in the order they were created. */
export type NftRuleset = {
	readonly tables: readonly NftTable[];
};
