/**
 * The packet notation of `iptx trace` and the UI's packet form: either a
 * kernel LOG line, or a short form such as
 * `tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn`.
 */
import { ipProtocol, type PacketInput } from "../model/packet.js";
import type { LogDevices } from "./log-line.js";
import {
	buildSpecPacket,
	SpecError,
	type SpecFields,
} from "./packet-spec-build.js";
import { parseLogPacket } from "./parse-log-packet.js";
import { parseEndpoint } from "./spec-endpoint.js";

export type PacketSpecResult =
	| {
			readonly ok: true;
			readonly input: PacketInput;
			readonly devices: LogDevices;
	  }
	| { readonly ok: false; readonly error: string; readonly column: number };

type Token = { readonly text: string; readonly column: number };

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	const re = /\S+/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		tokens.push({ text: m[0], column: m.index + 1 });
	}
	return tokens;
}

const protocols: Readonly<Record<string, number>> = {
	tcp: ipProtocol.TCP,
	udp: ipProtocol.UDP,
	udplite: ipProtocol.UDPLITE,
	icmp: ipProtocol.ICMP,
	icmp6: ipProtocol.ICMPV6,
	icmpv6: ipProtocol.ICMPV6,
	"ipv6-icmp": ipProtocol.ICMPV6,
	esp: ipProtocol.ESP,
	ah: ipProtocol.AH,
	gre: ipProtocol.GRE,
	sctp: ipProtocol.SCTP,
	dccp: ipProtocol.DCCP,
};

const flagLetters: Readonly<Record<string, number>> = {
	F: 0x01,
	S: 0x02,
	R: 0x04,
	P: 0x08,
	A: 0x10,
	U: 0x20,
	E: 0x40,
	C: 0x80,
};

const flagNames: Readonly<Record<string, number>> = {
	fin: 0x01,
	syn: 0x02,
	rst: 0x04,
	psh: 0x08,
	ack: 0x10,
	urg: 0x20,
	ece: 0x40,
	cwr: 0x80,
	synack: 0x12,
	finack: 0x11,
	rstack: 0x14,
};

function parseFlagList(token: Token): number | undefined {
	let flags = 0;
	for (const part of token.text.toLowerCase().split(/[,|+]/)) {
		const bit = flagNames[part];
		if (bit === undefined) return undefined;
		flags |= bit;
	}
	return flags;
}

function parseLetters(token: Token): number {
	let flags = 0;
	for (const letter of token.text.toUpperCase()) {
		const bit = flagLetters[letter];
		if (bit === undefined) {
			throw new SpecError(`unknown TCP flag letter '${letter}'`, token.column);
		}
		flags |= bit;
	}
	return flags;
}

function numberArg(token: Token | undefined, key: string, max: number): number {
	if (!token) throw new SpecError(`'${key}' needs a value`, 0);
	const text = token.text;
	const value = /^0x[0-9a-f]+$/i.test(text)
		? Number.parseInt(text.slice(2), 16)
		: /^\d+$/.test(text)
			? Number(text)
			: Number.NaN;
	if (!(value <= max)) {
		throw new SpecError(`bad value '${text}' for '${key}'`, token.column);
	}
	return value;
}

const numericKeys: Readonly<
	Record<string, readonly [keyof SpecFields, number]>
> = {
	ttl: ["ttl", 255],
	hl: ["ttl", 255],
	hoplimit: ["ttl", 255],
	tc: ["tos", 255],
	flow: ["flowLabel", 0xfffff],
	flowlabel: ["flowLabel", 0xfffff],
	len: ["length", 65535],
	ipid: ["ipId", 65535],
	tos: ["tos", 255],
	mark: ["mark", 0xffffffff],
	uid: ["uid", 0xffffffff],
	gid: ["gid", 0xffffffff],
	seq: ["seq", 0xffffffff],
	win: ["window", 65535],
	window: ["window", 65535],
	type: ["icmpType", 255],
	code: ["icmpCode", 255],
	payload: ["payload", 65515],
	frag: ["fragmentOffset", 0x1fff],
	spi: ["spi", 0xffffffff],
	time: ["time", Number.MAX_SAFE_INTEGER],
};

const deviceKeys: Readonly<Record<string, keyof SpecFields>> = {
	in: "in",
	out: "out",
	physin: "physIn",
	physout: "physOut",
	mac: "mac",
};

function isIcmp(protocol: number | undefined): boolean {
	return protocol === ipProtocol.ICMP || protocol === ipProtocol.ICMPV6;
}

/** Reads one option at `tokens[i]`; returns how many tokens it used. */
function readOption(
	tokens: Token[],
	i: number,
	f: Partial<SpecFields>,
): number {
	const token = tokens[i] as Token;
	const key = token.text.toLowerCase();
	const next = tokens[i + 1];
	const numeric = numericKeys[key];
	if (numeric) {
		Object.assign(f, { [numeric[0]]: numberArg(next, key, numeric[1]) });
		return 2;
	}
	const device = deviceKeys[key];
	if (device) {
		if (!next) throw new SpecError(`'${key}' needs a value`, token.column);
		Object.assign(f, { [device]: next.text });
		return 2;
	}
	switch (key) {
		case "local":
			f.local = true;
			return 1;
		case "df":
		case "nodf":
			f.df = key === "df";
			return 1;
		case "mf":
			f.mf = true;
			return 1;
		case "id":
			// `id` is the echo identifier for ICMP and ICMPv6, else the IP ID.
			f[isIcmp(f.protocol) ? "icmpId" : "ipId"] = numberArg(next, key, 65535);
			return 2;
		case "ack":
			f.flags = (f.flags ?? 0) | 0x10;
			if (next && /^\d+$/.test(next.text)) {
				f.ack = numberArg(next, key, 0xffffffff);
				return 2;
			}
			return 1;
		case "flags":
			if (!next) throw new SpecError("'flags' needs a value", token.column);
			f.flags = (f.flags ?? 0) | parseLetters(next);
			return 2;
	}
	const flags = parseFlagList(token);
	if (flags === undefined) {
		throw new SpecError(`unknown word '${token.text}'`, token.column);
	}
	f.flags = (f.flags ?? 0) | flags;
	return 1;
}

function parseShort(text: string, defaultTime: number): PacketSpecResult {
	const tokens = tokenize(text);
	const first = tokens[0];
	if (!first) throw new SpecError("empty packet", 1);
	const name = first.text.toLowerCase();
	const protocol =
		protocols[name] ?? (/^\d{1,3}$/.test(name) ? Number(name) : undefined);
	if (protocol === undefined || protocol > 255) {
		throw new SpecError(`unknown protocol '${first.text}'`, first.column);
	}
	const src = parseEndpoint(tokens[1], "source");
	const arrow = tokens[2];
	if (!arrow || ![">", "->", "→"].includes(arrow.text)) {
		throw new SpecError(
			"expected '>' between source and destination",
			arrow?.column ?? text.length + 1,
		);
	}
	const dst = parseEndpoint(tokens[3], "destination");
	const fields: Partial<SpecFields> = { protocol, time: defaultTime };
	for (let i = 4; i < tokens.length; ) i += readOption(tokens, i, fields);
	return buildSpecPacket(fields, src, dst, tokens[3]?.column ?? 1);
}

/**
 * Parses a packet in LOG notation (anything with `IN=`) or the short form
 * `PROTO SRC[:PORT] > DST[:PORT] (in DEV | local [out DEV]) [options]`;
 * IPv6 endpoints are `[fd00:2::3]:45000` (or a bare address without a
 * port), and `icmp6` (`icmpv6`) is ICMPv6 (`type 128` echo request, the
 * default; `type 135` neighbour solicitation, sent with hop limit 255).
 * IPv6 options: `hl N` (hop limit), `tc N` (traffic class), `flow N`.
 * Options: `syn`/`ack`/`fin`/`rst`/`psh`/`urg`/`synack`, lists like `syn,ack`,
 * `flags SA`, `seq N`, `ack N`, `win N`, `ttl N`, `len N` (IP total length),
 * `payload N` (bytes after the L4 header), `id N`, `ipid N`, `tos N`, `df`,
 * `nodf`, `mf`, `frag N`, `mark N`, `uid N`, `gid N`, `type N`, `code N`,
 * `spi N`, `physin DEV`, `physout DEV`, `mac AA:..`, `time S`. Defaults are in
 * `buildSpecPacket`. Never throws; errors carry a 1-based column.
 */
export function parsePacketSpec(
	text: string,
	context?: { readonly defaultTime?: number },
): PacketSpecResult {
	const defaultTime = context?.defaultTime ?? 0;
	if (text.includes("IN=")) {
		const parsed = parseLogPacket(text);
		if (!parsed.ok) return parsed;
		const meta =
			parsed.time === undefined
				? { ...parsed.input.meta, time: defaultTime }
				: parsed.input.meta;
		return {
			ok: true,
			input: { packet: parsed.input.packet, meta },
			devices: parsed.devices,
		};
	}
	try {
		return parseShort(text, defaultTime);
	} catch (error) {
		if (error instanceof SpecError) {
			return {
				ok: false,
				error: error.message,
				column: Math.max(1, error.column),
			};
		}
		throw error;
	}
}
