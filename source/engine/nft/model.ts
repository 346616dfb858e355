/**
 * The nftables rule language as data: what `nft list ruleset` (text) and
 * `nft -j list ruleset` (JSON) describe, read into one model so both forms of
 * the same ruleset compare equal. Values are kept as nft's JSON has them
 * (numbers as numbers, names as strings); how a value prints depends on the
 * datatype of what it is compared with, as in nft itself.
 */

/** The address families of nf_tables (`NFPROTO_*`). */
export type NftFamily = "ip" | "ip6" | "inet" | "arp" | "bridge" | "netdev";

/** Where a piece of the model was read: text line/column or a JSON path. */
export type NftOrigin = {
	readonly line: number;
	readonly column: number;
	/** JSON path such as `$.nftables[4].rule.expr[1]` (JSON input only). */
	readonly path?: string;
};

export type NftVerdictName =
	| "accept"
	| "drop"
	| "continue"
	| "return"
	| "jump"
	| "goto"
	| "queue";

/** An nft expression: what a statement reads or compares. */
export type NftExpr =
	| {
			readonly kind: "value";
			/** Number, symbol or string, without quotes; booleans for `exists`/`missing`. */
			readonly value: string | number | boolean;
			/** Where the value was written (text input; the kernel reports some errors there). */
			readonly origin?: NftOrigin;
	  }
	| { readonly kind: "variable"; readonly name: string }
	| { readonly kind: "prefix"; readonly addr: NftExpr; readonly len: number }
	| { readonly kind: "range"; readonly from: NftExpr; readonly to: NftExpr }
	/** Comma list of flag values (`ct state established,related`). */
	| { readonly kind: "list"; readonly items: readonly NftExpr[] }
	/** Anonymous set `{ a, b }`, or the elements of a named set/map. */
	| { readonly kind: "set"; readonly elements: readonly NftExpr[] }
	| { readonly kind: "setref"; readonly name: string }
	/** A set element with options (`1.2.3.4 timeout 10s comment "x"`). */
	| {
			readonly kind: "elem";
			readonly value: NftExpr;
			readonly timeout?: string;
			readonly expires?: string;
			readonly comment?: string;
			readonly counter?: boolean;
	  }
	/** `key : data` inside a map literal. */
	| {
			readonly kind: "mapping";
			readonly key: NftExpr;
			readonly data: NftExpr;
			/** Where the element starts (the kernel reports element errors there). */
			readonly origin?: NftOrigin;
	  }
	| { readonly kind: "concat"; readonly parts: readonly NftExpr[] }
	| {
			readonly kind: "binop";
			readonly op: NftBinop;
			readonly left: NftExpr;
			readonly right: NftExpr;
	  }
	/** `key map @m` / `key map { ... }`: the looked-up data. */
	| { readonly kind: "map"; readonly key: NftExpr; readonly data: NftExpr }
	| {
			readonly kind: "payload";
			readonly protocol: string;
			readonly field: string;
	  }
	/** Raw payload `@nh,16,8`. */
	| {
			readonly kind: "raw-payload";
			readonly base: string;
			readonly offset: number;
			readonly len: number;
	  }
	| { readonly kind: "meta"; readonly key: string }
	| {
			readonly kind: "ct";
			readonly key: string;
			readonly dir?: "original" | "reply";
			readonly family?: "ip" | "ip6";
	  }
	| {
			readonly kind: "fib";
			readonly flags: readonly string[];
			readonly result: string;
	  }
	| {
			readonly kind: "numgen";
			readonly mode: "inc" | "random";
			readonly mod: number;
			readonly offset?: number;
	  }
	| {
			readonly kind: "hash";
			readonly hash: "jhash" | "symhash";
			readonly expr?: NftExpr;
			readonly mod: number;
			readonly seed?: number;
			readonly offset?: number;
	  }
	/** Selectors iptx reads but does not evaluate (rt, socket, osf, exthdr, ipsec, tcp option). */
	| {
			readonly kind: "selector";
			readonly name: string;
			readonly args: readonly string[];
	  }
	| NftVerdictExpr;

export type NftVerdictExpr = {
	readonly kind: "verdict";
	readonly verdict: NftVerdictName;
	/** The chain of `jump`/`goto`. */
	readonly target?: string;
};

export type NftBinop = "&" | "|" | "^" | "<<" | ">>";

/** Relational operators; `in` is the flag test an implicit match on a bitmask makes. */
export type NftOp = "==" | "!=" | "<" | ">" | "<=" | ">=" | "in";

export type NftNatKind = "snat" | "dnat" | "masquerade" | "redirect";

/** One statement of a rule, in the order the kernel runs its expressions. */
export type NftStmt = (
	| {
			readonly kind: "match";
			readonly op: NftOp;
			readonly left: NftExpr;
			readonly right: NftExpr;
	  }
	| { readonly kind: "verdict"; readonly verdict: NftVerdictExpr }
	| { readonly kind: "vmap"; readonly key: NftExpr; readonly data: NftExpr }
	| {
			readonly kind: "counter";
			readonly packets?: number;
			readonly bytes?: number;
			/** A named counter object (`counter name "x"`). */
			readonly name?: string;
	  }
	| {
			readonly kind: "limit";
			readonly rate: number;
			/** `second`, `minute`, `hour`, `day`, `week`. */
			readonly per: string;
			/** Absent for packet limits; `bytes`, `kbytes`, `mbytes` for byte limits. */
			readonly rateUnit?: string;
			readonly burst?: number;
			readonly burstUnit?: string;
			readonly inv: boolean;
	  }
	| {
			readonly kind: "quota";
			readonly bytes: number;
			readonly unit: string;
			readonly inv: boolean;
			readonly used?: number;
			readonly usedUnit?: string;
	  }
	| {
			readonly kind: "log";
			readonly prefix?: string;
			readonly level?: string;
			readonly group?: number;
			readonly snaplen?: number;
			readonly queueThreshold?: number;
			readonly flags?: readonly string[];
	  }
	/** `meta mark set ...`, `ct mark set ...`, `ct helper set ...`, payload mangling. */
	| { readonly kind: "mangle"; readonly key: NftExpr; readonly value: NftExpr }
	| { readonly kind: "notrack" }
	| {
			readonly kind: "reject";
			/** `tcp reset`, `icmp`, `icmpv6`, `icmpx`; absent for plain `reject`. */
			readonly type?: "tcp reset" | "icmp" | "icmpv6" | "icmpx";
			readonly code?: string;
	  }
	| {
			readonly kind: "nat";
			readonly nat: NftNatKind;
			/** `dnat ip to ...` in inet tables. */
			readonly family?: "ip" | "ip6";
			readonly addr?: NftExpr;
			readonly port?: NftExpr;
			/** Address and port from one map lookup (`dnat ip addr . port to ...`). */
			readonly tuple?: boolean;
			/** `random`, `fully-random`, `persistent`. */
			readonly flags?: readonly string[];
	  }
	| { readonly kind: "flow-offload"; readonly flowtable: string }
	/** `add @set { key }`, `update @set { key limit ... }`. */
	| {
			readonly kind: "set-update";
			readonly op: "add" | "update" | "delete";
			readonly set: string;
			readonly key: NftExpr;
			readonly stmts: readonly NftStmt[];
	  }
	/** iptables-nft's compat expressions: only iptables-nft can read them. */
	| {
			readonly kind: "xt";
			readonly type: "match" | "target" | "watcher";
			readonly name: string;
	  }
	| {
			readonly kind: "queue";
			readonly num?: string;
			readonly flags?: readonly string[];
	  }
) & { readonly origin?: NftOrigin };

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
