/**
 * The contract between the traversal and match modules (`-m NAME`).
 * A module parses its options once, at load time, into typed data, and
 * evaluates that data against a packet in a context. Adding a module is one
 * file plus one line in `registry.ts`.
 */

import type { ConntrackEntry, CtView, Tuple } from "../conntrack/types.js";
import type { CtZone } from "../conntrack/zone.js";
import type { Diagnostic } from "../diagnostics.js";
import type { HostView } from "../host/host-view.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { HookName, RawOption, TableName } from "../model/ruleset.js";
import type { OptionSpecs } from "./option-values.js";

/** Three-valued: `unknown` when the engine cannot decide (Kleene logic). */
export type MatchResult = "match" | "no-match" | "unknown";

export type MatchOutcome = {
	readonly result: MatchResult;
	/** Why it did not match (or why unknown), for the trace: `--dport 22 ≠ 80`. */
	readonly reason?: string;
	/**
	 * The match drops the packet at once (`par->hotdrop`): the rule's target
	 * does not run and the kernel's TRACE shows no line for the rule.
	 */
	readonly hotdrop?: boolean;
};

/**
 * Per-rule state that survives from packet to packet (limit buckets, nth
 * counters, recent lists, hashlimit groups, quota). The traversal persists it.
 */
export type RuleStateStore = {
	get<T>(key: string): T | undefined;
	set<T>(key: string, value: T): void;
};

/**
 * What matches and targets both see of a packet at one rule: the packet, the
 * hook and table it is in, its devices, conntrack, the host, and rule state.
 */
export type HookContext = {
	readonly packet: Packet;
	readonly meta: PacketMeta;
	readonly hook: HookName;
	readonly table: TableName;
	/** Device names as the hook sees them; empty string when absent. */
	readonly inInterface: string;
	readonly outInterface: string;
	readonly conntrack: CtView;
	readonly host: HostView;
	/** Packet time in seconds. */
	readonly time: number;
	/** State of this rule's match or target instance (keyed by rule id and index). */
	readonly state: RuleStateStore;
	/** Shared named state (recent lists, ipsets, hashlimit tables). */
	readonly shared: RuleStateStore;
};

export type MatchContext = HookContext & {
	/** ipset contents by set name, when `ipset save` output was given. */
	readonly ipsets: ReadonlyMap<string, IpSet>;
	/**
	 * How to decide random draws (statistic --mode random): a number in [0,1)
	 * from a seeded generator the caller controls.
	 */
	readonly random: () => number;
	/**
	 * The live conntrack table, for matches that count connections
	 * (connlimit). Absent when the caller has no table: they answer unknown.
	 */
	readonly connections?: ConnectionLookup;
	/**
	 * The configuration of a named kernel table shared by rules
	 * (`sharedTable` of the module): that of the first rule loaded with the
	 * name. Absent when the caller loaded no rules (unit tests).
	 */
	readonly loadedTable?: (key: string) => unknown;
	/**
	 * False when nobody reads a no-match's `reason` (a replay records no
	 * steps): a module may then leave out a reason that is costly to write.
	 * @default true
	 */
	readonly explain?: boolean;
};

/** Finds the connection a tuple (either direction) belongs to, if it is still alive. */
/** A tuple as nf_conncount keeps it: with the zone its connection is found in (absent: zone 0). */
export type ZonedTuple = Tuple & { readonly zone?: CtZone };

export type ConnectionLookup = {
	/** The live connection with this tuple in the tuple's zone. */
	find(tuple: ZonedTuple): ConntrackEntry | undefined;
};

export type IpSet = {
	readonly name: string;
	/** e.g. `hash:ip`, `hash:net`, `hash:ip,port`, `bitmap:port`, `list:set`. */
	readonly type: string;
	/**
	 * The family of its addresses (`family inet6` in `ipset save`; inet by
	 * default for types with addresses); undefined for sets without
	 * addresses (bitmap:port, list:set), which serve both families.
	 */
	readonly family?: "ipv4" | "ipv6";
	readonly members: readonly IpSetMember[];
};

export type IpSetMember = {
	/** The element as `ipset save` writes it, e.g. `10.0.0.0/8`, `1.2.3.4,tcp:80`. */
	readonly text: string;
	readonly nomatch: boolean;
};

export type ParseContext = {
	readonly table: TableName;
	readonly chain: string;
	readonly family: "ipv4" | "ipv6";
	/** Protocol given with `-p` (0 when none), for modules that need it. */
	readonly protocol: number;
	readonly protocolInverted: boolean;
	readonly source: string;
	readonly line: number;
};

/**
 * One match's or target's options as the parser's fast lane read them from
 * a line, without making option objects: each option's name (as the module
 * lists it), its `!`, and its argument words.
 */
export type QuickOptions = {
	readonly count: number;
	name(index: number): string;
	inverted(index: number): boolean;
	argCount(index: number): number;
	/** The option's argument `k` (default the first; "" when it has none). */
	arg(index: number, k?: number): string;
};

/**
 * A module's quick check: true only when `parse` would find nothing at all
 * to report for these options in this context (no error, warning or note),
 * so a line whose rule is built later need not be parsed in full now.
 * False means "not sure", never "wrong": the line is then parsed in full.
 */
export type QuickCheck = (
	options: QuickOptions,
	context: ParseContext,
) => boolean;

export type ModuleParseResult<D> = {
	readonly data: D;
	readonly diagnostics: readonly Omit<Diagnostic, "source" | "line">[];
};

export type MatchModule<D> = {
	readonly name: string;
	/** Option names this module takes (`--dport`), so `-p tcp --dport` without `-m` finds it. */
	readonly optionNames: readonly string[];
	/**
	 * Each option's arguments as iptables' getopt table has them: an option
	 * that requires one takes the next word whatever it is (`--comment -x`),
	 * one that takes none leaves a `!` after it to the next option. Absent:
	 * the words up to the next option are its arguments.
	 */
	readonly optionSpecs?: OptionSpecs;
	/**
	 * At least one of these options must be given (XTOPT_MAND, or the
	 * module's final check): iptables refuses `-m NAME` without it.
	 */
	readonly required?: readonly string[];
	readonly parse: (
		options: readonly RawOption[],
		context: ParseContext,
	) => ModuleParseResult<D>;
	readonly evaluate: (data: D, context: MatchContext) => MatchOutcome;
	/** Short human description: `tcp dpt:22`. */
	readonly describe: (data: D) => string;
	/** Hooks where the kernel allows this match (owner: OUTPUT, POSTROUTING). */
	readonly allowedHooks?: readonly HookName[];
	/**
	 * The `-p` the kernel requires (the xt_match's `.proto`, checked by
	 * xt_check_match): the load check refuses the rule without it.
	 */
	readonly protocol?: ProtocolNeed;
	/**
	 * True when loading the match makes the kernel track connections
	 * (its checkentry calls nf_ct_netns_get): conntrack-use.ts reads it.
	 */
	readonly needsConntrack?: boolean;
	/**
	 * Rules whose options name a kernel table shared by every rule with the
	 * same name (xt_recent lists, xt_hashlimit tables): the first rule the
	 * kernel loads creates it with its configuration, later ones only refer
	 * to it. The key names the table, `config` is what the table keeps.
	 */
	readonly sharedTable?: (
		data: D,
		family: "ipv4" | "ipv6",
	) => { readonly key: string; readonly config: unknown };
	/** False when the match only applies to IPv6 (or IPv4). */
	readonly families?: readonly ("ipv4" | "ipv6")[];
	/**
	 * Families whose packets `evaluate` models (default: both). A packet of
	 * another family gets "unknown" without `evaluate` being called, so
	 * `evaluate` may read its addresses as that family's.
	 */
	readonly evaluates?: readonly ("ipv4" | "ipv6")[];
	readonly quickCheck?: QuickCheck;
};

/** A `-p` a match or target cannot do without. */
export type ProtocolNeed = {
	/** The protocols accepted (one for most matches). */
	readonly numbers: readonly number[];
	/** How the message names it (`ipv6-icmp`). */
	readonly name: string;
	/** The message iptables prints instead of the usual one. */
	readonly message?: string;
	/** Families where it is required (default both): ip6t_ah needs none. */
	readonly families?: readonly ("ipv4" | "ipv6")[];
};

/** A module with its data type erased, as the registry stores it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry erases each module's data type
export type AnyMatchModule = MatchModule<any>;
