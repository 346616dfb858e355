/**
 * The left-hand side primaries of nft's grammar (parser_bison.y
 * `primary_expr`): payload fields, meta, ct, fib, numgen, hashes, raw
 * payload and the selectors iptx reads without evaluating.
 */
import type { NftExpr } from "./model.js";
import {
	ctDirKeys,
	ctKeys,
	fibFlags,
	fibResults,
	metaKeys,
	payloadFields,
	unqualifiedMetaKeys,
} from "./selectors.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

/** Selectors read but not evaluated, with the words that may follow them. */
const otherSelectors: Readonly<Record<string, ReadonlySet<string>>> = {
	// The routing key (nft_rt) and the IPv6 routing header's fields (`rt type 0`).
	rt: new Set([
		"ip",
		"ip6",
		"classid",
		"nexthop",
		"mtu",
		"ipsec",
		"nexthdr",
		"hdrlength",
		"type",
		"seg-left",
	]),
	socket: new Set(["transparent", "mark", "wildcard", "cgroupv2", "level"]),
	osf: new Set(["ttl", "loose", "skip", "name", "version"]),
	ipsec: new Set([
		"in",
		"out",
		"spnum",
		"reqid",
		"spi",
		"ip",
		"ip6",
		"saddr",
		"daddr",
	]),
	hbh: new Set(["nexthdr", "hdrlength"]),
	frag: new Set([
		"nexthdr",
		"reserved",
		"frag-off",
		"reserved2",
		"more-fragments",
		"id",
	]),
	dst: new Set(["nexthdr", "hdrlength"]),
	mh: new Set(["nexthdr", "hdrlength", "type", "reserved", "checksum"]),
	srh: new Set(["last-entry", "flags", "tag", "sid"]),
	exthdr: new Set(["hbh", "rt", "frag", "dst", "mh", "srh"]),
};

/** True when the token starts a selector (the left side of a match). */
export function isSelectorStart(c: TokenCursor, ahead = 0): boolean {
	const token = c.peek(ahead);
	if (token.kind === "punct") return token.text === "@";
	if (token.kind !== "word") return false;
	const word = token.text;
	if (word in payloadFields) {
		const field = c.peek(ahead + 1);
		return (
			field.kind === "word" &&
			(field.text in (payloadFields[word] ?? {}) ||
				field.text === "option" ||
				isArpAddr(word, field.text))
		);
	}
	return (
		word === "meta" ||
		word === "ct" ||
		word === "fib" ||
		word === "numgen" ||
		word === "jhash" ||
		word === "symhash" ||
		unqualifiedMetaKeys.has(word) ||
		word in otherSelectors
	);
}

function isArpAddr(protocol: string, field: string): boolean {
	return protocol === "arp" && (field === "saddr" || field === "daddr");
}

function payload(c: TokenCursor, protocol: string): NftExpr {
	const fields = payloadFields[protocol] ?? {};
	const fieldToken = c.next();
	let field = fieldToken.text;
	if (field === "option") return other(c, `${protocol} option`);
	if (isArpAddr(protocol, field)) field = `${field} ${c.next().text}`;
	if (!(field in fields)) throw new NftSyntaxError(fieldToken);
	return { kind: "payload", protocol, field };
}

function ct(c: TokenCursor): NftExpr {
	const first = c.next();
	if (first.text === "original" || first.text === "reply") {
		const dir = first.text;
		let key = c.next();
		if (key.text === "ip" || key.text === "ip6") {
			const family = key.text;
			key = c.next();
			if (!(`${family} ${key.text}` in ctDirKeys))
				throw new NftSyntaxError(key);
			return { kind: "ct", key: key.text, dir, family };
		}
		if (!(key.text in ctDirKeys)) throw new NftSyntaxError(key);
		return { kind: "ct", key: key.text, dir };
	}
	if (!(first.text in ctKeys)) throw new NftSyntaxError(first);
	return { kind: "ct", key: first.text };
}

function fib(c: TokenCursor): NftExpr {
	const flags: string[] = [];
	for (;;) {
		const flag = c.next();
		if (!fibFlags.has(flag.text)) throw new NftSyntaxError(flag);
		flags.push(flag.text);
		if (!c.accept(".")) break;
	}
	const result = c.next();
	if (!(result.text in fibResults)) throw new NftSyntaxError(result);
	if (result.text === "check")
		c.gated.push({ feature: "fib-check", token: result });
	return { kind: "fib", flags, result: result.text };
}

function numgen(c: TokenCursor): NftExpr {
	const mode = c.next();
	if (mode.text !== "inc" && mode.text !== "random")
		throw new NftSyntaxError(mode);
	c.expect("mod");
	const mod = c.number();
	const offset = c.accept("offset") ? c.number() : undefined;
	return {
		kind: "numgen",
		mode: mode.text,
		mod,
		...(offset === undefined ? {} : { offset }),
	};
}

function hash(
	c: TokenCursor,
	kind: "jhash" | "symhash",
	key: (c: TokenCursor) => NftExpr,
): NftExpr {
	const expr = kind === "jhash" ? key(c) : undefined;
	c.expect("mod");
	const mod = c.number();
	const seed = c.accept("seed") ? c.number() : undefined;
	const offset = c.accept("offset") ? c.number() : undefined;
	return {
		kind: "hash",
		hash: kind,
		mod,
		...(expr ? { expr } : {}),
		...(seed === undefined ? {} : { seed }),
		...(offset === undefined ? {} : { offset }),
	};
}

function rawPayload(c: TokenCursor): NftExpr {
	const base = c.next();
	if (!["ll", "nh", "th", "ih"].includes(base.text))
		throw new NftSyntaxError(base);
	c.expect(",");
	const offset = c.number();
	c.expect(",");
	const len = c.number();
	return { kind: "raw-payload", base: base.text, offset, len };
}

function other(c: TokenCursor, name: string): NftExpr {
	const words = otherSelectors[name.split(" ")[0] ?? ""] ?? new Set<string>();
	const args: string[] = [];
	while (!c.atEnd()) {
		const token = c.peek();
		// `exists` / `missing` is the right-hand side, never a field.
		if (token.text === "exists" || token.text === "missing") break;
		if (
			token.kind === "word" &&
			(words.has(token.text) || (name.endsWith("option") && args.length < 2))
		)
			args.push(c.next().text);
		else if (
			token.kind === "number" &&
			args.length > 0 &&
			["level", "spnum"].includes(args[args.length - 1] ?? "")
		)
			args.push(c.next().text);
		else break;
	}
	return { kind: "selector", name, args };
}

/**
 * Reads one selector primary. `key` reads the key expression of `jhash`
 * (the full left-hand grammar, passed in to avoid an import cycle).
 */
export function parseSelector(
	c: TokenCursor,
	key: (c: TokenCursor) => NftExpr,
): NftExpr {
	const token = c.next();
	const word = token.text;
	if (token.kind === "punct" && word === "@") return rawPayload(c);
	if (token.kind !== "word") throw new NftSyntaxError(token);
	if (word in payloadFields) return payload(c, word);
	if (word === "meta") {
		const k = c.next();
		if (!(k.text in metaKeys)) throw new NftSyntaxError(k);
		return { kind: "meta", key: k.text };
	}
	if (unqualifiedMetaKeys.has(word)) return { kind: "meta", key: word };
	if (word === "ct") return ct(c);
	if (word === "fib") return fib(c);
	if (word === "numgen") return numgen(c);
	if (word === "jhash" || word === "symhash") return hash(c, word, key);
	if (word in otherSelectors) return other(c, word);
	throw new NftSyntaxError(token);
}
