/**
 * Reads a kernel LOG/TRACE line back into a packet: the inverse of
 * `formatLogLine`, so that parse → format gives the same text.
 */

import type { Mutable } from "../lib/mutable.js";
import {
	ipProtocol,
	isIpv6,
	type Packet,
	type Packet4,
	type PacketInput,
	type PacketMeta,
} from "../model/packet.js";
import { type LogFraming, splitLogFraming } from "./log-framing.js";
import type { LogDevices, LogFlags } from "./log-line.js";
import { LogScanner, LogSyntaxError } from "./log-scanner.js";
import { parseIp6, withExtHeaders } from "./parse-log-packet6.js";
import {
	parseTcp,
	parseUdp,
	readIcmpTypeCode,
	type Seen,
} from "./parse-log-transport.js";

export type ParsedLogPacket = {
	readonly ok: true;
	readonly input: PacketInput;
	readonly devices: LogDevices;
	/** Text before `IN=` (the `--log-prefix`, or `TRACE: table:chain:type:n `). */
	readonly prefix: string;
	/** Seconds, from the dmesg or syslog timestamp when present. */
	readonly time?: number;
	/** The syslog stamp alone (see `LogFraming.stamp`), when the line has one. */
	readonly stamp?: number;
	/** The LOG options the line shows evidence of (SEQ=, OPT, UID=, MACSRC=). */
	readonly flags: LogFlags;
};

export type LogParseFailure = {
	readonly ok: false;
	readonly error: string;
	/** 1-based column in the given line. */
	readonly column: number;
};

const protocolNames: Readonly<Record<string, number>> = {
	TCP: ipProtocol.TCP,
	UDP: ipProtocol.UDP,
	UDPLITE: ipProtocol.UDPLITE,
	ICMP: ipProtocol.ICMP,
	AH: ipProtocol.AH,
	ESP: ipProtocol.ESP,
};

function parseIcmp(
	s: LogScanner,
	p: Mutable<Packet4>,
	seen: Seen,
	outer: boolean,
): void {
	const icmp = readIcmpTypeCode(s, p);
	if (!icmp) return;
	const incomplete = s.incomplete();
	if (incomplete !== undefined) {
		p.incomplete = incomplete;
		return;
	}
	if (icmp.type === 0 || icmp.type === 8) {
		icmp.id = s.number("ID", 65535);
		icmp.sequence = s.number("SEQ", 65535);
		return;
	}
	if (icmp.type === 12) icmp.parameter = s.number("PARAMETER", 255);
	if (icmp.type === 5) icmp.gateway = s.address("GATEWAY");
	if (![3, 4, 5, 11].includes(icmp.type)) return;
	if (outer && s.peek("[")) {
		s.pos++;
		icmp.inner = parseIp(s, seen, false);
		s.skipSpaces();
		if (s.text.charCodeAt(s.pos) !== 93) s.fail("expected ]");
		s.pos++;
	}
	if (icmp.type === 3 && icmp.code === 4) icmp.mtu = s.number("MTU", 65535);
}

function parseSpi(s: LogScanner, p: Mutable<Packet4>): void {
	if (p.fragmentOffset !== 0) return;
	const incomplete = s.incomplete();
	if (incomplete !== undefined) p.incomplete = incomplete;
	else p.spi = s.number("SPI", 0xffffffff, true);
}

function srcIsIpv6(s: LogScanner): boolean {
	if (!s.peek("SRC=")) return false;
	const { text } = s;
	for (let i = s.pos + 4; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 32) return false;
		if (c === 58) return true;
	}
	return false;
}

function parseIp(s: LogScanner, seen: Seen, outer: boolean): Packet {
	if (srcIsIpv6(s)) return parseIp6(s, seen, outer);
	const p: Mutable<Packet4> = {
		src: s.address("SRC"),
		dst: s.address("DST"),
		length: s.number("LEN", 65535),
		protocol: 0,
		tos: 0,
		ttl: 0,
		id: 0,
		ce: false,
		df: false,
		mf: false,
		fragmentOffset: 0,
	};
	p.tos = s.number("TOS", 0x1e, true);
	p.tos |= s.number("PREC", 0xe0, true);
	p.ttl = s.number("TTL", 255);
	p.id = s.number("ID", 65535);
	p.ce = s.acceptWord("CE");
	p.df = s.acceptWord("DF");
	p.mf = s.acceptWord("MF");
	if (s.peek("FRAG:")) {
		s.pos += 5;
		const at = s.pos;
		const value = Number(s.word());
		if (!Number.isInteger(value) || value > 0x1fff) s.fail("bad FRAG", at);
		p.fragmentOffset = value;
	}
	const options = s.options();
	if (options !== undefined) {
		p.ipOptions = options;
		seen.ipOpt = true;
	}
	s.skipSpaces();
	const at = s.pos;
	const proto = s.optional("PROTO");
	if (proto === undefined) {
		// A non-first AH fragment prints no protocol part at all.
		if (p.fragmentOffset === 0) s.fail("expected PROTO=", at);
		p.protocol = ipProtocol.AH;
		return p;
	}
	// Own keys only: PROTO=constructor is no protocol.
	const known = Object.hasOwn(protocolNames, proto)
		? protocolNames[proto]
		: undefined;
	const numeric =
		known === undefined && /^\d{1,3}$/.test(proto) ? Number(proto) : undefined;
	if (known === undefined && (numeric === undefined || numeric > 255)) {
		s.fail(`unknown protocol '${proto}'`, at + 6);
	}
	p.protocol = known ?? numeric ?? 0;
	if (p.protocol === ipProtocol.TCP) parseTcp(s, p, seen);
	else if (p.protocol === ipProtocol.UDP || p.protocol === ipProtocol.UDPLITE)
		parseUdp(s, p);
	else if (p.protocol === ipProtocol.ICMP) parseIcmp(s, p, seen, outer);
	else if (known !== undefined) parseSpi(s, p);
	return p;
}

/** Finds `IN=<dev> OUT=` (the prefix is free text and may contain anything). */
function findBody(line: string, from: number): number {
	let at = line.indexOf("IN=", from);
	while (at !== -1) {
		const space = line.indexOf(" ", at);
		if (space !== -1 && line.startsWith("OUT=", space + 1)) return at;
		at = line.indexOf("IN=", at + 1);
	}
	return -1;
}

function linkTypeOf(
	mac: string | undefined,
): "host" | "broadcast" | "multicast" {
	if (mac === undefined || mac.length < 17) return "host";
	if (mac.startsWith("ff:ff:ff:ff:ff:ff")) return "broadcast";
	return Number.parseInt(mac.slice(0, 2), 16) & 1 ? "multicast" : "host";
}

function parseMac(s: LogScanner, meta: Mutable<PacketMeta>): boolean {
	const mac = s.optional("MAC");
	if (mac !== undefined) {
		meta.mac = mac;
		return false;
	}
	const src = s.optional("MACSRC");
	if (src === undefined) return false;
	const dst = s.field("MACDST");
	const proto = s.field("MACPROTO");
	meta.mac = `${dst}:${src}:${proto.slice(0, 2)}:${proto.slice(2, 4)}`;
	return true;
}

function parseBody(
	line: string,
	start: number,
	framing: LogFraming,
): ParsedLogPacket {
	const { time, stamp } = framing;
	const s = new LogScanner(line, start);
	const inDev = s.field("IN");
	const outDev = s.field("OUT");
	const devices: Mutable<LogDevices> = { in: inDev, out: outDev };
	const meta: Mutable<PacketMeta> = { inInterface: inDev, mark: 0, time: 0 };
	if (outDev !== "") meta.outInterface = outDev;
	const physIn = s.optional("PHYSIN");
	if (physIn !== undefined) devices.physIn = meta.physIn = physIn;
	const physOut = s.optional("PHYSOUT");
	if (physOut !== undefined) devices.physOut = meta.physOut = physOut;
	const macDecode = parseMac(s, meta);
	const seen: Seen = { seq: false, tcpOpt: false, ipOpt: false };
	let packet = parseIp(s, seen, true);
	let uid = false;
	if (s.peek("UID=")) {
		meta.uid = s.number("UID", 0xffffffff);
		meta.gid = s.number("GID", 0xffffffff);
		uid = true;
	}
	if (s.peek("MARK=")) meta.mark = s.number("MARK", 0xffffffff, true);
	if (isIpv6(packet) && s.peek("EXTHDR=")) {
		const at = s.pos;
		const headers = withExtHeaders(packet, s.field("EXTHDR"));
		if (typeof headers === "string") return s.fail(headers, at);
		packet = headers;
	}
	if (!s.atEnd()) {
		const at = s.pos;
		s.fail(`unexpected '${s.word()}'`, at);
	}
	meta.linkType = linkTypeOf(meta.mac);
	if (time !== undefined) meta.time = time;
	const flags: LogFlags = {
		tcpSequence: seen.seq,
		tcpOptions: seen.tcpOpt,
		ipOptions: seen.ipOpt,
		uid,
		macDecode,
	};
	const parsed: Mutable<ParsedLogPacket> = {
		ok: true,
		input: { packet, meta },
		devices,
		flags,
		prefix: line.slice(framing.start, start),
	};
	if (time !== undefined) parsed.time = time;
	if (stamp !== undefined) parsed.stamp = stamp;
	return parsed;
}

/**
 * Parses one kernel log line: optional syslog framing (`Jul 25 03:54:35 host
 * kernel: `, RFC 3339 stamps), optional dmesg `[  136.645542] `, the prefix,
 * then the LOG fields, nested ICMP errors included. `meta.time` is the dmesg
 * uptime when present, else the syslog stamp (see `splitLogFraming`), else 0.
 * Never throws; errors carry a 1-based column.
 */
export function parseLogPacket(
	line: string,
): ParsedLogPacket | LogParseFailure {
	const framing = splitLogFraming(line);
	const body = findBody(line, framing.start);
	if (body === -1) {
		return { ok: false, error: "no IN=... OUT= fields", column: 1 };
	}
	try {
		return parseBody(line, body, framing);
	} catch (error) {
		if (error instanceof LogSyntaxError) {
			return { ok: false, error: error.message, column: error.column };
		}
		throw error;
	}
}
