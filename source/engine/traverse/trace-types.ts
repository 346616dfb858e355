/**
 * The immutable trace of one packet through the host: every step the kernel
 * takes, in order. A UI steps through `steps` by index; nothing here changes
 * after `simulate` returns.
 */
import type { ConntrackEntry, CtInfo } from "../conntrack/types.js";
import type { MatchResult } from "../match/types.js";
import type { RouteDecision, RouteDecision6 } from "../model/host.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { HookName, TableName } from "../model/ruleset.js";
import type { NftRule } from "../nft/model.js";
import type { NftSetLookup } from "../nft-eval/set-index.js";

/** An x_tables TRACE event: `table:chain:rule|return|policy:N`. */
export type XtTraceEvent = {
	readonly kind?: "xtables";
	readonly table: TableName;
	readonly chain: string;
	readonly type: "rule" | "return" | "policy";
	readonly num: number;
};

/**
 * An nf_tables trace message as the oracle writes it:
 * `nft:FAMILY:TABLE:CHAIN:rule:HANDLE:VERDICT`, `nft:...:end` (a chain ran
 * out of rules), `nft:...:policy:accept|drop` (a base chain's policy).
 */
export type NftTraceEvent = {
	readonly kind: "nft";
	readonly family: string;
	readonly table: string;
	readonly chain: string;
	readonly type: "rule" | "end" | "policy";
	/** The rule's handle (type `rule`). */
	readonly handle?: number;
	/** `continue`, `accept`, `drop`, `return`, `queue`, `jump:CHAIN`, `goto:CHAIN`. */
	readonly verdict?: string;
};

/** One trace event, x_tables or nf_tables, in the kernel's order. */
export type TraceEvent = XtTraceEvent | NftTraceEvent;

/** Where an nft step happened: the table (with its family) and chain. */
export type NftPlace = {
	readonly family: string;
	readonly table: string;
	readonly chain: string;
};

/** Where a packet ends up. */
export type Fate =
	| { readonly kind: "delivered"; readonly device: string }
	| { readonly kind: "forwarded"; readonly device: string }
	| { readonly kind: "sent"; readonly device: string }
	| {
			readonly kind: "bridged";
			readonly device: string;
			readonly port?: string;
	  }
	| { readonly kind: "looped-back" }
	| {
			readonly kind: "dropped";
			readonly by:
				| "rule"
				| "policy"
				| "routing"
				| "conntrack"
				| "nat"
				| "ttl"
				| "match"
				| "bridge";
			readonly table?: TableName;
			readonly chain?: string;
			/** Rule number (policy: rules+1). */
			readonly num?: number;
			readonly ruleId?: string;
			readonly reason: string;
	  }
	| {
			readonly kind: "rejected";
			/** An iptables table name, or `FAMILY TABLE` for an nft table. */
			readonly table: string;
			readonly chain: string;
			/** The iptables rule number (nft rejects name the chain only). */
			readonly num?: number;
			readonly ruleId?: string;
			readonly with: string;
			/** The reply the kernel sends back, when it sends one. */
			readonly reply?: Packet;
	  }
	| {
			readonly kind: "queued";
			readonly queue: number;
			readonly note: string;
	  }
	| { readonly kind: "stopped"; readonly reason: string };

export type Step =
	| {
			readonly kind: "hook";
			readonly hook: HookName;
			readonly inInterface: string;
			readonly outInterface: string;
	  }
	| {
			readonly kind: "table";
			readonly hook: HookName;
			readonly table: TableName;
	  }
	| {
			readonly kind: "chain";
			readonly table: TableName;
			readonly chain: string;
			readonly via: "hook" | "jump" | "goto" | "return";
	  }
	| {
			readonly kind: "rule";
			readonly table: TableName;
			readonly chain: string;
			readonly num: number;
			readonly ruleId: string;
			readonly result: MatchResult;
			/** For no-match/unknown: which test failed and why. */
			readonly failed?: string;
			/** True when an unknown was resolved by the unknown-match policy. */
			readonly assumed?: boolean;
	  }
	| {
			readonly kind: "target";
			readonly table: TableName;
			readonly chain: string;
			readonly num: number;
			readonly ruleId: string;
			readonly target: string;
			readonly description: string;
	  }
	| {
			/** Implicit return at the end of a user chain, or a built-in chain's policy. */
			readonly kind: "end-of-chain";
			readonly table: TableName;
			readonly chain: string;
			readonly num: number;
			readonly policy?: "ACCEPT" | "DROP";
	  }
	| {
			readonly kind: "verdict";
			readonly table: TableName;
			readonly hook: HookName;
			readonly verdict: "ACCEPT" | "DROP" | "STOLEN" | "QUEUE";
	  }
	| { readonly kind: "trace-event"; readonly event: TraceEvent }
	| (NftPlace & {
			/**
			 * An nft chain entered: a base chain from its hook (with its
			 * priority), or a regular chain by jump/goto, or back by return.
			 */
			readonly kind: "nft-chain";
			readonly via: "hook" | "jump" | "goto" | "return";
			readonly hook?: HookName;
			readonly priority?: number;
	  })
	| (NftPlace & {
			/**
			 * An nft rule evaluated (`full` detail) or matched: `verdict` is
			 * what the kernel traces (`continue`, `accept`, `jump:CHAIN`...),
			 * absent when a match failed (`failed` says which).
			 */
			readonly kind: "nft-rule";
			readonly handle: number | undefined;
			/** The rule's 0-based position in its chain (rules read without handles are named by it). */
			readonly index?: number;
			/** The rule itself (the model, shared: never copied). */
			readonly rule?: NftRule;
			readonly verdict?: string;
			readonly failed?: string;
			/** The set and map lookups the rule made, in order (`full` detail). */
			readonly lookups?: readonly NftSetLookup[];
	  })
	| (NftPlace & {
			/** A chain ran out of rules; a base chain then applies its policy. */
			readonly kind: "nft-end";
			readonly policy?: "accept" | "drop";
	  })
	| {
			readonly kind: "routing";
			readonly reason: string;
			readonly decision: RouteDecision;
			readonly outInterface?: string;
	  }
	| {
			/** An IPv6 route lookup (its own table shapes). */
			readonly kind: "routing6";
			readonly reason: string;
			readonly decision: RouteDecision6;
			readonly outInterface?: string;
	  }
	| {
			readonly kind: "conntrack";
			readonly info: CtInfo;
			readonly entry?: ConntrackEntry;
			readonly note: string;
	  }
	| {
			readonly kind: "rewrite";
			/** `DNAT`, `SNAT`, `MASQUERADE`, `un-DNAT`, `TTL`, `MARK`, ... */
			readonly what: string;
			readonly before: Packet;
			readonly after: Packet;
			readonly beforeMeta?: PacketMeta;
			readonly afterMeta?: PacketMeta;
	  }
	| {
			readonly kind: "log";
			readonly line: string;
			readonly level: number;
			/** The x_tables table, or the nft table, of the rule that logged. */
			readonly table: string;
			readonly chain: string;
			readonly num: number;
	  }
	| { readonly kind: "note"; readonly text: string }
	| { readonly kind: "fate"; readonly fate: Fate };

export type Trace = {
	readonly steps: readonly Step[];
	readonly fate: Fate;
	readonly packetIn: Packet;
	readonly metaIn: PacketMeta;
	/** The packet as it leaves (or when it stops). */
	readonly packetOut: Packet;
	readonly metaOut: PacketMeta;
	/** TRACE events in order (the kernel's TRACE target view). */
	readonly events: readonly TraceEvent[];
	/** LOG lines as the kernel prints them (no timestamp). */
	readonly logs: readonly string[];
	/** Packets the kernel generates in answer (REJECT replies, ICMP errors). */
	readonly generated: readonly Packet[];
};
