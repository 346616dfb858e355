import { describe, expect, test } from "vitest";
import { formatDmesgLine, formatMessagesLine } from "./log-framing.js";
import { formatLogLine, noLogFlags } from "./log-line.js";
import { parsePacketSpec } from "./packet-spec.js";
import { escapeTerminalText, formatPacketShort } from "./short.js";

const seq = { ...noLogFlags, tcpSequence: true, uid: true, prefix: "" };

describe("parsePacketSpec", () => {
	test.each([
		[
			"tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn",
			"IN=eth0 OUT= MAC=00:00:00:00:00:00:02:00:0a:00:02:03:08:00 SRC=10.0.2.3 DST=10.0.2.15 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=45000 DPT=1002 SEQ=1000 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 ",
		],
		[
			"udp 172.17.0.2:33272 > 10.0.2.3:53 in docker0 physin veth1 payload 5",
			"IN=docker0 OUT= PHYSIN=veth1 MAC=00:00:00:00:00:00:02:00:ac:11:00:02:08:00 SRC=172.17.0.2 DST=10.0.2.3 LEN=33 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=UDP SPT=33272 DPT=53 LEN=13 ",
		],
		[
			"icmp 10.0.2.3 > 10.0.2.15 type 8 code 0 id 7 in eth0",
			"IN=eth0 OUT= MAC=00:00:00:00:00:00:02:00:0a:00:02:03:08:00 SRC=10.0.2.3 DST=10.0.2.15 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1 ",
		],
		[
			"tcp 10.0.2.15:50000 > 1.1.1.1:443 local out eth0 uid 1000 mark 0x1 flags SA ttl 1",
			"IN= OUT=eth0 SRC=10.0.2.15 DST=1.1.1.1 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=1 DF PROTO=TCP SPT=50000 DPT=443 SEQ=1000 ACK=1 WINDOW=64240 RES=0x00 ACK SYN URGP=0 UID=1000 GID=1000 MARK=0x1 ",
		],
		[
			"tcp 10.0.2.3 → 10.0.2.15:22 in eth0 ack 5 psh,fin len 60 nodf mac ff:ff:ff:ff:ff:ff:aa:bb:cc:dd:ee:ff:08:00",
			"IN=eth0 OUT= MAC=ff:ff:ff:ff:ff:ff:aa:bb:cc:dd:ee:ff:08:00 SRC=10.0.2.3 DST=10.0.2.15 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=TCP SPT=40000 DPT=22 SEQ=1000 ACK=5 WINDOW=64240 RES=0x00 ACK PSH FIN URGP=0 ",
		],
		[
			"IN=eth0 OUT= MAC= SRC=1.2.3.4 DST=5.6.7.8 LEN=20 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=47 ",
			"IN=eth0 OUT= MAC= SRC=1.2.3.4 DST=5.6.7.8 LEN=20 TOS=0x00 PREC=0x00 TTL=1 ID=1 PROTO=47 ",
		],
	])("%s", (spec, line) => {
		const parsed = parsePacketSpec(spec, { defaultTime: 5 });
		if (!parsed.ok) throw new Error(`${parsed.error} at ${parsed.column}`);
		const { packet, meta } = parsed.input;
		expect(formatLogLine(packet, meta, parsed.devices, seq)).toBe(line);
		expect(meta.time).toBe(5);
	});

	test.each([
		["", "empty packet", 1],
		["foo 1.2.3.4 > 5.6.7.8", "unknown protocol 'foo'", 1],
		["tcp 1.2.3 > 5.6.7.8:1 in eth0", "bad source address '1.2.3'", 5],
		[
			"tcp 1.2.3.4:1 5.6.7.8:1",
			"expected '>' between source and destination",
			15,
		],
		[
			"tcp 1.2.3.4:1 > 5.6.7.8 in eth0",
			"this protocol needs a destination port (ADDR:PORT)",
			17,
		],
		[
			"tcp 1.2.3.4:1 > 5.6.7.8:2 in eth0 ttl 300",
			"bad value '300' for 'ttl'",
			39,
		],
		["tcp 1.2.3.4:1 > 5.6.7.8:2 in eth0 wobble", "unknown word 'wobble'", 35],
		[
			"tcp 1.2.3.4:1 > 5.6.7.8:2 flags SX in eth0",
			"unknown TCP flag letter 'X'",
			33,
		],
		[
			"udp 1.2.3.4:1 > 5.6.7.8:2",
			"say where the packet comes from: 'in DEV' or 'local'",
			1,
		],
		["IN=eth0 OUT= SRC=1.2.3.4", "expected DST=", 25],
	])("rejects %j", (spec, error, column) => {
		expect(parsePacketSpec(spec)).toEqual({ ok: false, error, column });
	});
});

describe("framing and summaries", () => {
	const line = "IN=eth0 OUT=docker0 SRC=10.0.2.3 DST=172.17.0.2 LEN=74 ";
	test.each([
		[
			{ time: 17_726_075, hostname: "maddog" },
			`Jul 25 03:54:35 maddog kernel: ${line}`,
		],
		[
			{ time: 86_400 * 3, hostname: "h", year: 2024 },
			`Jan  4 00:00:00 h kernel: ${line}`,
		],
		[
			{ time: 1_704_067_201, hostname: "h" },
			`Jan  1 00:00:01 h kernel: ${line}`,
		],
	])("messages line %o", (options, expected) => {
		expect(formatMessagesLine(line, options)).toBe(expected);
	});

	test.each([
		[136.645542, "[  136.645542] x"],
		[0, "[    0.000000] x"],
		[123456.5, "[123456.500000] x"],
	])("dmesg %d", (seconds, expected) => {
		expect(formatDmesgLine("x", seconds)).toBe(expected);
	});

	test.each([
		["plain [UFW BLOCK] ", "plain [UFW BLOCK] "],
		["esc\u001b[2Jx", "esc\\x1b[2Jx"],
		["nl\nbell\u0007del\u007fc1\u009b", "nl\\x0abell\\x07del\\x7fc1\\x9b"],
		["back\\slash", "back\\slash"],
		["back\\x41", "back\\x41"],
		["bidi\u202eevil", "bidi\\u{202e}evil"],
		["cr\r\u200f\u2066x", "cr\\x0d\\u{200f}\\u{2066}x"],
		["twice\u001b", "twice\\x1b"],
		["ünïcødé ✓", "ünïcødé ✓"],
	])("escapeTerminalText %j", (text, expected) => {
		expect(escapeTerminalText(text)).toBe(expected);
	});

	test("formatPacketShort", () => {
		const parsed = parsePacketSpec(
			"tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn",
		);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(formatPacketShort(parsed.input.packet, parsed.input.meta)).toBe(
			"TCP 10.0.2.3:45000 → 10.0.2.15:1002 [SYN] in eth0",
		);
	});
});
