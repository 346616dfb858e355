/**
 * nft statements as data: one per step of a rule, in the order the kernel
 * runs its expressions.
 */
import type { NftOrigin } from "./model.js";
import type { NftExpr, NftOp, NftVerdictExpr } from "./model-expr.js";

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
			/** A named quota object (`quota name "x"`): its state is the object's. */
			readonly name?: string;
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
	/** A statement the reader could not read (reported as an error): never run as anything else. */
	| { readonly kind: "unreadable"; readonly name: string }
	/** `ct count [over] N` (nft_connlimit): connections this rule has seen. */
	| { readonly kind: "ct-count"; readonly count: number; readonly inv: boolean }
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
	/** `add @set { key }`, `update @set { key limit ... }`, `add @map { key : data }`. */
	| {
			readonly kind: "set-update";
			readonly op: "add" | "update" | "delete";
			readonly set: string;
			/** The key, or an `elem` with the element's own `timeout`. */
			readonly key: NftExpr;
			/** A map's data for the element (nft_dynset's NFTA_DYNSET_SREG_DATA). */
			readonly data?: NftExpr;
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
