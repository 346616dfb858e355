import { describe, expect, test } from "vitest";
import { formatLogLine, noLogFlags, traceLogFlags } from "./log-line.js";
import { parseLogPacket } from "./parse-log-packet.js";

const all = { ...traceLogFlags, prefix: "" };

/** Lines in kernel format the oracle did not produce, built from nf_log_syslog.c. */
const lines = [
	"IN=eth0 OUT= MAC=12:ea:ca:ca:47:46:6e:9a:ea:45:21:ad:08:00 SRC=10.0.0.1 DST=10.0.2.15 LEN=576 TOS=0x00 PREC=0xC0 TTL=64 ID=7 PROTO=ICMP TYPE=3 CODE=4 [SRC=10.0.2.15 DST=1.1.1.1 LEN=1500 TOS=0x00 PREC=0x00 TTL=63 ID=9 DF PROTO=TCP SPT=50000 DPT=443 SEQ=1 ACK=2 WINDOW=501 RES=0x00 ACK URGP=0 ] MTU=1400 ",
	"IN=eth0 OUT= MAC= SRC=10.0.0.1 DST=10.0.2.15 LEN=56 TOS=0x00 PREC=0xC0 TTL=64 ID=7 PROTO=ICMP TYPE=5 CODE=1 GATEWAY=10.0.0.9 [SRC=10.0.2.15 DST=1.1.1.1 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=9 DF PROTO=ICMP TYPE=8 CODE=0 ID=3 SEQ=4 ] ",
	"IN=eth0 OUT= MAC= SRC=10.0.0.1 DST=10.0.2.15 LEN=56 TOS=0x00 PREC=0xC0 TTL=64 ID=7 PROTO=ICMP TYPE=11 CODE=0 [SRC=10.0.2.15 DST=1.1.1.1 LEN=60 TOS=0x00 PREC=0x00 TTL=1 ID=9 DF PROTO=TCP INCOMPLETE [8 bytes] ] ",
	"IN=eth0 OUT= MAC= SRC=10.0.0.1 DST=10.0.2.15 LEN=56 TOS=0x00 PREC=0x00 TTL=64 ID=7 PROTO=ICMP TYPE=12 CODE=0 PARAMETER=20 ",
	"IN=eth0 OUT= MAC= SRC=10.0.0.1 DST=10.0.2.15 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=7 PROTO=ICMP TYPE=13 CODE=0 ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=1500 TOS=0x10 PREC=0x20 TTL=64 ID=7 MF FRAG:185 PROTO=UDP MARK=0x1f ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=7 CE DF PROTO=UDPLITE SPT=1 DPT=2 LEN=80 UID=1000 GID=100 ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=7 PROTO=ESP SPI=0x1234abcd ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=7 PROTO=AH SPI=0x100 ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=7 FRAG:3 ",
	"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=7 OPT (94040000) PROTO=47 ",
	"IN=docker0 OUT=docker0 PHYSIN=veth1 PHYSOUT=veth2 MAC=8a:05:53:31:99:49:f6:e5:96:57:f7:52:08:00 SRC=172.17.0.2 DST=172.17.0.3 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=932 DF PROTO=TCP SPT=45003 DPT=1000 SEQ=3640046296 ACK=0 WINDOW=64240 RES=0x00 AE CWR ECE SYN URGP=0 OPT (020405B4) ",
];

describe("formatLogLine", () => {
	test.each(lines)("round-trips %s", (line) => {
		const parsed = parseLogPacket(line);
		if (!parsed.ok) throw new Error(parsed.error);
		const { packet, meta } = parsed.input;
		expect(formatLogLine(packet, meta, parsed.devices, all)).toBe(line);
	});

	test.each([
		[
			{ ...noLogFlags, macDecode: true, prefix: "X " },
			"X IN=eth0 OUT= MACSRC=6e:9a:ea:45:21:ad MACDST=12:ea:ca:ca:47:46 MACPROTO=0800 SRC=",
		],
		[
			{ ...noLogFlags, prefix: "" },
			"IN=eth0 OUT= MAC=12:ea:ca:ca:47:46:6e:9a:ea:45:21:ad:08:00 SRC=",
		],
	])("MAC part with %o", (request, start) => {
		const parsed = parseLogPacket(
			"IN=eth0 OUT= MAC=12:ea:ca:ca:47:46:6e:9a:ea:45:21:ad:08:00 SRC=10.0.2.3 DST=10.0.2.15 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 SYN URGP=0 ",
		);
		if (!parsed.ok) throw new Error(parsed.error);
		const line = formatLogLine(
			parsed.input.packet,
			parsed.input.meta,
			parsed.devices,
			request,
		);
		expect(line.startsWith(start)).toBe(true);
		expect(parsed.input.meta.linkType).toBe("host");
	});

	// nf_log_syslog decodes only ARPHRD_ETHER headers (recorded: log-macdecode-tcpmss).
	test.each([
		["lo", undefined, "MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 "],
		["tun0", false, "MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 "],
		[
			"eth0",
			true,
			"MACSRC=00:00:00:00:00:00 MACDST=00:00:00:00:00:00 MACPROTO=0800 ",
		],
	] as const)(
		"--log-macdecode on %s (Ethernet: %s)",
		(device, ethernet, part) => {
			const parsed = parseLogPacket(
				`IN=${device} OUT= MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 SRC=10.0.2.15 DST=10.0.2.15 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 SYN URGP=0 `,
			);
			if (!parsed.ok) throw new Error(parsed.error);
			const devices = {
				...parsed.devices,
				...(ethernet === undefined ? {} : { inEthernet: ethernet }),
			};
			const line = formatLogLine(
				parsed.input.packet,
				parsed.input.meta,
				devices,
				{
					...noLogFlags,
					macDecode: true,
					prefix: "",
				},
			);
			expect(line).toContain(` OUT= ${part}SRC=`);
		},
	);

	test.each([
		[
			{ in: "lo", out: "" },
			"host",
			"MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 ",
		],
		[
			{ in: "eth0", out: "", inMac: "12:ea:ca:ca:47:46" },
			"host",
			"MAC=12:ea:ca:ca:47:46:02:00:0a:00:02:03:08:00 ",
		],
		[
			{ in: "eth0", out: "" },
			"broadcast",
			"MAC=ff:ff:ff:ff:ff:ff:02:00:0a:00:02:03:08:00 ",
		],
		[{ in: "wg0", out: "", inMac: "" }, "host", "MAC= "],
	] as const)("synthesizes MAC for %o (%s)", (devices, linkType, mac) => {
		const parsed = parseLogPacket(
			"IN= OUT= SRC=10.0.2.3 DST=10.0.2.255 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=UDP SPT=1 DPT=2 LEN=8 ",
		);
		if (!parsed.ok) throw new Error(parsed.error);
		const meta = { ...parsed.input.meta, linkType };
		const line = formatLogLine(parsed.input.packet, meta, devices, all);
		expect(line).toContain(` OUT= ${mac}SRC=`);
	});
});

describe("parseLogPacket", () => {
	const body =
		"IN=docker0 OUT=eth0 PHYSIN=veth57a730b SRC=172.17.0.2 DST=10.0.2.3 LEN=58 TOS=0x00 PREC=0x00 TTL=63 ID=28069 DF PROTO=UDP SPT=60692 DPT=53 LEN=38";
	test.each([
		[
			`Jul 25 03:54:35 maddog kernel: ${body}`,
			"",
			205 * 86400 + 3 * 3600 + 54 * 60 + 35,
		],
		[
			`Jul 25 03:54:35 maddog kernel: [  136.645542] [UFW BLOCK] ${body}`,
			"[UFW BLOCK] ",
			136.645542,
		],
		[
			`[  136.645542] TRACE: filter:FORWARD:rule:1 ${body}`,
			"TRACE: filter:FORWARD:rule:1 ",
			136.645542,
		],
		[`2024-01-01T00:00:01+00:00 host kernel: ${body}`, "", 1704067201],
		[body, "", undefined],
	])("reads framing of %s", (line, prefix, time) => {
		const parsed = parseLogPacket(line);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.prefix).toBe(prefix);
		expect(parsed.time).toBe(time);
		expect(parsed.input.meta.physIn).toBe("veth57a730b");
		expect(parsed.input.meta.outInterface).toBe("eth0");
	});

	test.each([
		["no fields here", "no IN=... OUT= fields", 1],
		["IN=eth0 OUT= SRC=1.2.3 DST=1.2.3.4", "bad SRC address '1.2.3'", 14],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=XYZ",
			"unknown protocol 'XYZ'",
			81,
		],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=47 junk",
			"unexpected 'junk'",
			84,
		],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=constructor",
			"unknown protocol 'constructor'",
			81,
		],
		["IN=eth0 OUT= SRC=1.2.3.4. DST=1.2.3.4", "bad SRC address '1.2.3.4.'", 14],
		[
			"IN=eth0 OUT= SRC=1.2.3.256 DST=1.2.3.4",
			"bad SRC address '1.2.3.256'",
			14,
		],
		["IN=eth0 OUT= SRC=1..3.4 DST=1.2.3.4", "bad SRC address '1..3.4'", 14],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x1F PREC=0x00",
			"bad TOS value '0x1F'",
			45,
		],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x PREC=0x00",
			"bad TOS value '0x'",
			45,
		],
		[
			"IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.4 LEN=20 TOS=0x000000010 PREC=0x00",
			"bad TOS value '0x000000010'",
			45,
		],
	])("reports %s", (line, error, column) => {
		expect(parseLogPacket(line)).toEqual({ ok: false, error, column });
	});

	test.each([
		["TOS=0x1e PREC=0xE0", 0xfe],
		["TOS=0x0A PREC=0x20", 0x2a],
		["TOS=0x00000010 PREC=0x00", 0x10],
	])("reads hex fields %s", (fields, tos) => {
		const parsed = parseLogPacket(
			`IN=eth0 OUT= SRC=10.0.0.1 DST=255.255.255.255 LEN=20 ${fields} TTL=1 ID=1 PROTO=47`,
		);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.input.packet.tos).toBe(tos);
		expect(parsed.input.packet.dst).toBe(0xffffffff);
	});
});
