/**
 * nft expressions as data: what a rule reads from the packet (payload,
 * meta, ct, fib...) and the values, sets, maps and verdicts it compares
 * with, as nft's JSON schema has them.
 */
import type { NftOrigin } from "./model.js";

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
	| {
			readonly kind: "setref";
			readonly name: string;
			/** Where `@name` was written (text input; nft reports a missing set there). */
			readonly origin?: NftOrigin;
	  }
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
/** `in` is nft's implicit flag test (some bit set), `!` its negation (none set). */
export type NftOp = "==" | "!=" | "<" | ">" | "<=" | ">=" | "in" | "!";
