/**
 * The contract between the traversal and extension targets (`-j NAME` other
 * than ACCEPT/DROP/RETURN/QUEUE and chain names). A target parses its options
 * once and, when a rule matches, returns an effect the traversal applies.
 */

import type { TemplateZone } from "../conntrack/zone.js";
import type { Diagnostic } from "../diagnostics.js";
import type { OptionSpecs } from "../match/option-values.js";
import type {
	HookContext,
	ModuleParseResult,
	ParseContext,
	QuickCheck,
} from "../match/types.js";
import type { HookName, RawOption, TableName } from "../model/ruleset.js";
import type { IpAddress } from "../net/address.js";

export type NatRange = {
	/** Inclusive address range; undefined = keep the address. */
	readonly minAddress?: IpAddress;
	readonly maxAddress?: IpAddress;
	/** Inclusive port range; undefined = keep the port (or pick by class). */
	readonly minPort?: number;
	readonly maxPort?: number;
	readonly basePort?: number;
	readonly random: boolean;
	readonly randomFully: boolean;
	readonly persistent: boolean;
};

/**
 * Where a NAT target's address comes from: its range (SNAT, DNAT), the
 * output device's address toward the next hop (MASQUERADE), the input
 * device's first address or loopback (REDIRECT), or the range's network
 * with the packet's host part (NETMAP).
 */
export type NatAddressSource = "range" | "out-device" | "in-device" | "netmap";

/** What a target does. The traversal applies it and records it in the trace. */
export type TargetEffect =
	| { readonly kind: "continue" }
	| { readonly kind: "accept" }
	| { readonly kind: "drop"; readonly reason?: string }
	| {
			readonly kind: "reject";
			/** `icmp-port-unreachable`, ..., `tcp-reset`. */
			readonly with: string;
	  }
	| {
			readonly kind: "nat";
			readonly manip: "src" | "dst";
			readonly range: NatRange;
			/** DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP. */
			readonly target: string;
			/** Where the nat hook takes the new address from (the target declares it). */
			readonly addressFrom: NatAddressSource;
			/** NETMAP: the prefix mask mapped. */
			/** IPv4: a 32-bit mask; IPv6: the mask in the kernel spelling. */
			readonly netmapMask?: number | string;
	  }
	| { readonly kind: "queue"; readonly queue: number; readonly bypass: boolean }
	| { readonly kind: "notrack" }
	| {
			readonly kind: "ct";
			readonly zone?: TemplateZone;
			readonly helper?: string;
			readonly notrack: boolean;
	  }
	| { readonly kind: "trace" };

/** Changes a non-terminating target makes to the packet or its connection. */
export type TargetChanges = {
	readonly mark?: number;
	readonly ctmark?: number;
	readonly tos?: number;
	readonly ttl?: number;
	/**
	 * LOG/NFLOG asks the traversal to format a line for the packet as it is
	 * now (the traversal owns devices and the formatter).
	 */
	readonly log?: LogRequest;
	/** Free text for the trace (`CLASSIFY 1:10`, `TCPMSS clamp`, `SET add`). */
	readonly note?: string;
	/** New TCP MSS option value (TCPMSS). */
	readonly mss?: number;
	/**
	 * The TCP options after TCPMSS rewrote or added the MSS option (uppercase
	 * hex), with the IP total length that follows (an added option grows it by 4).
	 */
	readonly tcpOptions?: { readonly hex: string; readonly length: number };
	/**
	 * What LOG/NFLOG/ULOG asked for; the traversal formats the line (the
	 * target has no formatter) and fills `log`.
	 */
	readonly logRequest?: LogRequest;
};

/** LOG target options (xt_LOG.h); NFLOG sends to a netlink group instead. */
export type LogRequest = {
	readonly kind: "LOG" | "NFLOG";
	/** Copied exactly before `IN=`; at most 29 characters. */
	readonly prefix: string;
	/** 0-7. @default 4 */
	readonly level: number;
	readonly tcpSequence: boolean;
	readonly tcpOptions: boolean;
	readonly ipOptions: boolean;
	readonly uid: boolean;
	readonly macDecode: boolean;
	/** NFLOG group. */
	readonly group?: number;
};

export type TargetContext = HookContext & {
	readonly chain: string;
};

export type TargetResult = {
	readonly effect: TargetEffect;
	readonly changes?: TargetChanges;
};

export type TargetModule<D> = {
	readonly name: string;
	readonly optionNames: readonly string[];
	/** Each option's arguments as getopt reads them (match/types.ts). */
	readonly optionSpecs?: OptionSpecs;
	/** At least one of these options must be given, as for matches (match/types.ts). */
	readonly required?: readonly string[];
	readonly parse: (
		options: readonly RawOption[],
		context: ParseContext,
	) => ModuleParseResult<D>;
	readonly apply: (data: D, context: TargetContext) => TargetResult;
	readonly describe: (data: D) => string;
	/** Tables the kernel accepts the target in (undefined: any). */
	readonly tables?: readonly TableName[];
	/** Hooks the kernel accepts it from, counting user chains reached from them. */
	readonly hooks?: readonly HookName[];
	/** True when the kernel needs `-p tcp` (e.g. TCPMSS). */
	readonly needsTcp?: boolean;
	/**
	 * Whether loading the target makes the kernel track connections (its
	 * checkentry calls nf_ct_netns_get); a function when options decide
	 * (`CT --notrack` does not). conntrack-use.ts reads it.
	 */
	readonly needsConntrack?:
		| boolean
		| ((options: readonly RawOption[]) => boolean);
	readonly quickCheck?: QuickCheck;
};

// biome-ignore lint/suspicious/noExplicitAny: the registry erases each target's data type
export type AnyTargetModule = TargetModule<any>;

export type { Diagnostic };
