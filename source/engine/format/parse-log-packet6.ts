/**
 * The IPv6 half of reading a kernel log line: dump_ipv6_packet's fields
 * (`SRC= DST= LEN= TC= HOPLIMIT= FLOWLBL=`, the extension headers it shows,
 * the ICMPv6 fields and a quoted packet) back into a `Packet6`.
 */
import type { Mutable } from "../lib/mutable.js";
import {
	type Ipv6ExtHeader,
	ipProtocol,
	type Packet6,
} from "../model/packet.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import type { LogScanner } from "./log-scanner.js";
import {
	parseTcp,
	parseUdp,
	readIcmpTypeCode,
	type Seen,
} from "./parse-log-transport.js";

function address6(s: LogScanner, key: string): string {
	s.skipSpaces();
	const at = s.pos;
	const raw = s.field(key);
	const value = readIpv6Text(raw);
	if (value === undefined) s.fail(`bad ${key} address '${raw}'`, at);
	return value;
}

/** `FRAG:OFFSET [INCOMPLETE] ID:HEX`: the fragment header, which LOG always prints. */
function fragmentHeader(s: LogScanner, p: Mutable<Packet6>): void {
	s.pos += 5;
	const at = s.pos;
	const offset = Number(s.word());
	if (!Number.isInteger(offset) || offset > 0xfff8 || offset % 8)
		s.fail("bad FRAG", at);
	const more = s.acceptWord("INCOMPLETE");
	s.skipSpaces();
	const idAt = s.pos;
	const id = s.word();
	if (!/^ID:[0-9a-f]{8}$/.test(id)) s.fail("expected ID:", idAt);
	p.id = Number.parseInt(id.slice(3), 16);
	p.fragmentOffset = offset / 8;
	p.mf = more;
	p.extHeaders = [
		...p.extHeaders,
		{ kind: "frag", id: p.id, offset: p.fragmentOffset, more },
	];
}

/** The extension headers part: `OPT ( ... ) ` groups (`--log-ip-options`) and `FRAG:`. */
function extensionHeaders(
	s: LogScanner,
	p: Mutable<Packet6>,
	seen: Seen,
): void {
	for (;;) {
		if (s.peek("FRAG:")) fragmentHeader(s, p);
		else if (s.acceptWord("OPT")) {
			seen.ipOpt = true;
			if (!s.acceptWord("(")) s.fail("expected OPT (");
			if (s.peek("FRAG:")) fragmentHeader(s, p);
			else if (s.acceptWord("AH"))
				p.extHeaders = [...p.extHeaders, { kind: "ah" }];
			if (s.peek("SPI=")) p.spi = s.number("SPI", 0xffffffff, true);
			if (!s.acceptWord(")")) s.fail("expected )");
		} else return;
	}
}

const protocolNames: Readonly<Record<string, number>> = {
	TCP: ipProtocol.TCP,
	UDP: ipProtocol.UDP,
	UDPLITE: ipProtocol.UDPLITE,
	ICMPv6: ipProtocol.ICMPV6,
};

function parseIcmp6(
	s: LogScanner,
	p: Mutable<Packet6>,
	seen: Seen,
	outer: boolean,
): void {
	const icmp = readIcmpTypeCode(s, p);
	if (!icmp) return;
	if (icmp.type === 128 || icmp.type === 129) {
		icmp.id = s.number("ID", 65535);
		icmp.sequence = s.number("SEQ", 65535);
		return;
	}
	if (icmp.type === 4) icmp.parameter = s.number("POINTER", 0xffffffff, true);
	if (icmp.type < 1 || icmp.type > 4) return;
	if (outer && s.peek("[")) {
		s.pos++;
		icmp.inner = parseIp6(s, seen, false);
		s.skipSpaces();
		if (s.text.charCodeAt(s.pos) !== 93) s.fail("expected ]");
		s.pos++;
	}
	if (icmp.type === 2) icmp.mtu = s.number("MTU", 0xffffffff);
}

/** dump_ipv6_packet read back. */
export function parseIp6(s: LogScanner, seen: Seen, outer: boolean): Packet6 {
	const p: Mutable<Packet6> = {
		family: "ipv6",
		src: address6(s, "SRC"),
		dst: address6(s, "DST"),
		length: s.number("LEN", 65575),
		protocol: 0,
		tos: s.number("TC", 255),
		ttl: s.number("HOPLIMIT", 255),
		flowLabel: s.number("FLOWLBL", 0xfffff),
		id: 0,
		ce: false,
		df: false,
		mf: false,
		fragmentOffset: 0,
		extHeaders: [],
	};
	extensionHeaders(s, p, seen);
	s.skipSpaces();
	const at = s.pos;
	const proto = s.optional("PROTO");
	if (proto === undefined) {
		if (p.fragmentOffset === 0) s.fail("expected PROTO=", at);
		return p;
	}
	const known = protocolNames[proto];
	const numeric = /^\d{1,3}$/.test(proto) ? Number(proto) : undefined;
	if (known === undefined && (numeric === undefined || numeric > 255))
		s.fail(`unknown protocol '${proto}'`, at + 6);
	p.protocol = known ?? numeric ?? 0;
	if (p.protocol === ipProtocol.TCP) parseTcp(s, p, seen);
	else if (p.protocol === ipProtocol.UDP || p.protocol === ipProtocol.UDPLITE)
		parseUdp(s, p);
	else if (p.protocol === ipProtocol.ICMPV6) parseIcmp6(s, p, seen, outer);
	return p;
}

const exthdrKinds: Readonly<Record<string, Ipv6ExtHeader>> = {
	hbh: { kind: "hbh" },
	dst: { kind: "dst" },
	mh: { kind: "mh" },
	rt0: { kind: "rt", type: 0 },
	rt2: { kind: "rt", type: 2 },
	rt4: { kind: "rt", type: 4 },
	frag: { kind: "frag", id: 0, offset: 0, more: false },
};

/**
 * The compare contract's ` EXTHDR=rt0,dst`: the headers the oracle saw, which
 * the log notation cannot show. A fragment header the line printed keeps its
 * fields.
 */
export function withExtHeaders(
	packet: Packet6,
	list: string,
): Packet6 | string {
	const headers: Ipv6ExtHeader[] = [];
	for (const name of list.split(",")) {
		const known = exthdrKinds[name];
		if (known === undefined) return `unknown extension header '${name}'`;
		const logged = packet.extHeaders.find((h) => h.kind === known.kind);
		headers.push(known.kind === "frag" && logged ? logged : known);
	}
	return { ...packet, extHeaders: headers };
}
