/**
 * The ruleset model: what `iptables-save` prints, parsed into a form the engine
 * evaluates fast. Every rule keeps where it came from (line, original text) so a
 * UI can show the exact source line and the kernel's rule number.
 */
import type { Diagnostic } from "../diagnostics.js";

export type TableName = "raw" | "mangle" | "nat" | "filter" | "security";
export type Family = "ipv4" | "ipv6";
export type HookName =
	| "PREROUTING"
	| "INPUT"
	| "FORWARD"
	| "OUTPUT"
	| "POSTROUTING";

export type Counters = { readonly packets: bigint; readonly bytes: bigint };

/** One `--option args...` as written, in order, possibly negated with `!`. */
export type RawOption = {
	/** Option as written, e.g. `--dport`, `--to-destination`, `--set-xmark`. */
	readonly name: string;
	readonly invert: boolean;
	readonly args: readonly string[];
	/** 1-based column of the option (or of its `!`). */
	readonly column: number;
};

/**
 * An IPv4 (or IPv6) address test from `-s`/`-d`. For IPv4, `addr` and `mask`
 * are unsigned 32-bit integers and `addr` is already `addr & mask`.
 */
export type AddressTest = {
	readonly family: Family;
	readonly addr: number;
	readonly mask: number;
	/** IPv6 only: the address and mask as 16-byte arrays. */
	readonly addr6?: Uint8Array;
	readonly mask6?: Uint8Array;
	readonly invert: boolean;
	/** Canonical text as iptables-save prints it, e.g. `10.0.0.0/8`. */
	readonly text: string;
};

/** `-i`/`-o`: exact name, or a prefix when written with a trailing `+`. */
export type InterfaceTest = {
	/** Name without the trailing `+`. */
	readonly name: string;
	readonly wildcard: boolean;
	readonly invert: boolean;
};

export type ProtocolTest = {
	/** 0 means `all`. */
	readonly number: number;
	/** As written (`tcp`, `6`, `gre`). */
	readonly text: string;
	readonly invert: boolean;
};

/** The fixed header tests the kernel checks before any `-m` match. */
export type RuleHeader = {
	readonly source?: AddressTest;
	readonly destination?: AddressTest;
	readonly inInterface?: InterfaceTest;
	readonly outInterface?: InterfaceTest;
	readonly protocol?: ProtocolTest;
	/** `-f` (invert false) or `! -f` (invert true). */
	readonly fragment?: { readonly invert: boolean };
};

/**
 * A `-m NAME ...` match. `data` is the module's typed, parsed form (see
 * `match/registry.ts`); `known` is false when no module of that name exists,
 * in which case `data` is undefined and `options` keep everything as written.
 */
export type MatchCall = {
	readonly module: string;
	readonly options: readonly RawOption[];
	readonly known: boolean;
	readonly data: unknown;
	/** True when the match was loaded implicitly by `-p tcp --dport ...` without `-m`. */
	readonly implicit: boolean;
	readonly column: number;
};

/** `-j NAME ...` or `-g CHAIN`. */
export type TargetCall = {
	/** Target name as written: `ACCEPT`, `DNAT`, or a user chain name. */
	readonly name: string;
	readonly kind: "verdict" | "jump" | "goto" | "extension" | "unknown";
	readonly options: readonly RawOption[];
	/** Typed form for extension targets (see `target/registry.ts`). */
	readonly data: unknown;
	readonly column: number;
};

export type Rule = {
	/** Stable id: `table/chain/index`. */
	readonly id: string;
	readonly table: TableName;
	readonly chain: string;
	/** 1-based position in its chain, as the kernel numbers rules. */
	readonly index: number;
	/** 1-based source line. */
	readonly line: number;
	/** The original line as written (without the line break). */
	readonly text: string;
	readonly counters?: Counters;
	readonly header: RuleHeader;
	readonly matches: readonly MatchCall[];
	readonly target?: TargetCall;
	/**
	 * The kernel's notion of an unconditional entry: no header test and no match.
	 * TRACE calls such a rule `policy`/`return` when its verdict is ACCEPT, DROP,
	 * RETURN or QUEUE.
	 */
	readonly unconditional: boolean;
};

export type Chain = {
	readonly name: string;
	readonly builtin: boolean;
	/** Built-in chains only. */
	readonly policy?: "ACCEPT" | "DROP";
	readonly counters?: Counters;
	readonly rules: readonly Rule[];
	/** Line of the `:CHAIN` declaration (0 when implied). */
	readonly line: number;
};

export type Table = {
	readonly name: TableName;
	/** Chains in declaration order. */
	readonly chains: ReadonlyMap<string, Chain>;
	/** Line of `*table`. */
	readonly line: number;
};

export type Ruleset = {
	readonly family: Family;
	/** Tables in the order the file gives them; absent tables do not exist (legacy semantics). */
	readonly tables: ReadonlyMap<TableName, Table>;
	/** Every rule by id, for the UI and for trace lookups. */
	readonly rulesById: ReadonlyMap<string, Rule>;
	readonly ruleCount: number;
};

export type ParseResult = {
	readonly ruleset: Ruleset;
	readonly diagnostics: readonly Diagnostic[];
};

/** The built-in chains each table has, in the kernel's hook order. */
export const builtinChains: Readonly<Record<TableName, readonly HookName[]>> = {
	raw: ["PREROUTING", "OUTPUT"],
	mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
	nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
	filter: ["INPUT", "FORWARD", "OUTPUT"],
	security: ["INPUT", "FORWARD", "OUTPUT"],
};

export const tableNames: readonly TableName[] = [
	"raw",
	"mangle",
	"nat",
	"filter",
	"security",
];
