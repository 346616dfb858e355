import { describe, expect, test } from "vitest";
import { formatLogLine, noLogFlags } from "./log-line.js";
import { parsePacketSpec } from "./packet-spec.js";
import { formatPacketShort } from "./short.js";

const flags = { ...noLogFlags, tcpSequence: true, uid: true, prefix: "" };
const fd2 = (host: string) =>
	`fd00:0002:0000:0000:0000:0000:0000:${host.padStart(4, "0")}`;

describe("parsePacketSpec: IPv6 short form", () => {
	test.each([
		[
			"tcp [fd00:2::3]:45000 > [fd00:2::15]:1002 in eth0 syn",
			`IN=eth0 OUT= MAC=00:00:00:00:00:00:02:00:00:00:00:03:86:dd SRC=${fd2("3")} DST=${fd2("15")} LEN=60 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=45000 DPT=1002 SEQ=1000 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 `,
		],
		[
			"icmp6 fd00:2::3 > fd00:2::15 type 128 in eth0",
			`IN=eth0 OUT= MAC=00:00:00:00:00:00:02:00:00:00:00:03:86:dd SRC=${fd2("3")} DST=${fd2("15")} LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=128 CODE=0 ID=1 SEQ=1 `,
		],
		[
			"icmpv6 [fd00:2::3] > [fd00:2::15] id 9 local",
			`IN= OUT= SRC=${fd2("3")} DST=${fd2("15")} LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=128 CODE=0 ID=9 SEQ=1 `,
		],
		// Neighbour discovery: hop limit 255, target and link-layer option (LEN=72).
		[
			"icmp6 fe80::1 > ff02::1:ff00:15 type 135 in eth0",
			"IN=eth0 OUT= MAC=00:00:00:00:00:00:02:00:00:00:00:01:86:dd SRC=fe80:0000:0000:0000:0000:0000:0000:0001 DST=ff02:0000:0000:0000:0000:0001:ff00:0015 LEN=72 TC=0 HOPLIMIT=255 FLOWLBL=0 PROTO=ICMPv6 TYPE=135 CODE=0 ",
		],
		[
			"udp [fd00:17::2]:5000 > [2001:db8::1]:53 in docker0 hl 3 flow 77 tc 4 mac 02:42:ac:11:00:02",
			"IN=docker0 OUT= MAC=00:00:00:00:00:00:02:42:ac:11:00:02:86:dd SRC=fd00:0017:0000:0000:0000:0000:0000:0002 DST=2001:0db8:0000:0000:0000:0000:0000:0001 LEN=48 TC=4 HOPLIMIT=3 FLOWLBL=77 PROTO=UDP SPT=5000 DPT=53 LEN=8 ",
		],
	])("%s", (spec, line) => {
		const parsed = parsePacketSpec(spec);
		if (!parsed.ok) throw new Error(`${parsed.error} at ${parsed.column}`);
		const { packet, meta } = parsed.input;
		expect(formatLogLine(packet, meta, parsed.devices, flags)).toBe(line);
	});

	test("the short summary writes IPv6 endpoints in brackets", () => {
		const parsed = parsePacketSpec(
			"tcp [fd00:2::3]:45000 > [fd00:2::15]:1002 in eth0 syn",
		);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(formatPacketShort(parsed.input.packet, parsed.input.meta)).toBe(
			"TCP [fd00:2::3]:45000 → [fd00:2::15]:1002 [SYN] in eth0",
		);
	});

	test.each([
		["icmp fd00::1 > fd00::2 in eth0", "ICMP over IPv6 is icmp6 (ICMPv6)", 1],
		[
			"icmp6 10.0.0.1 > 10.0.0.2 in eth0",
			"icmp6 needs IPv6 addresses (IPv4 has icmp)",
			1,
		],
		[
			"tcp [fd00::1]:1 > 1.2.3.4:5 in eth0",
			"the source and destination must be of one family (both IPv4 or both IPv6)",
			19,
		],
		[
			"tcp [fd00::1:1 > [fd00::2]:5 in eth0",
			"bad source address '[fd00::1:1'",
			5,
		],
		[
			"tcp [fd00::1]:1 > [fd00::2]:99999 in eth0",
			"bad destination port '99999'",
			19,
		],
		[
			"tcp [fd00::1]:1 > [fd00::2]:5 in eth0 df",
			"df, mf, frag and ipid are IPv4 header fields (IPv6 routers never fragment)",
			1,
		],
		["tcp 1.1.1.1:1 > 2.2.2.2:5 in eth0 flow 3", "'flow' is an IPv6 field", 1],
		[
			"udp [fd00::1]:1 > [fd00::2]:5 in eth0 flow 1048576",
			"bad value '1048576' for 'flow'",
			44,
		],
	])("%s: %s", (spec, error, column) => {
		expect(parsePacketSpec(spec)).toEqual({ ok: false, error, column });
	});
});
