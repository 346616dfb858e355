import { describe, expect, test } from "vitest";
import { classify } from "../conntrack/classify.js";
import { ConntrackDraft, emptyConntrackTable } from "../conntrack/table.js";
import { formatLogLine, noLogFlags } from "./log-line.js";
import { parseLogPacket } from "./parse-log-packet.js";

// Lines the kernel logged (shared recording docker6-dual-stack).
const lines = [
	"IN=eth0 OUT=docker0 MAC=92:e7:80:08:25:14:0a:88:a5:b7:c3:36:86:dd SRC=fd00:0002:0000:0000:0000:0000:0000:0004 DST=fd00:0017:0000:0000:0000:0000:0000:0003 LEN=55 TC=0 HOPLIMIT=63 FLOWLBL=20010 PROTO=UDP SPT=46106 DPT=5353 LEN=15 ",
	"IN= OUT=eth0 SRC=fd00:0002:0000:0000:0000:0000:0000:0015 DST=fd00:0002:0000:0000:0000:0000:0000:0004 LEN=103 TC=0 HOPLIMIT=64 FLOWLBL=414165 PROTO=ICMPv6 TYPE=1 CODE=4 [SRC=fd00:0002:0000:0000:0000:0000:0000:0004 DST=fd00:0017:0000:0000:0000:0000:0000:0003 LEN=55 TC=0 HOPLIMIT=63 FLOWLBL=20010 PROTO=UDP SPT=46106 DPT=5353 LEN=15 ] ",
	"IN=docker0 OUT= MAC=2a:fb:37:6b:4f:13:1a:09:a2:73:3f:41:86:dd SRC=fd00:0017:0000:0000:0000:0000:0000:0003 DST=fd00:0002:0000:0000:0000:0000:0000:0004 LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=743138 PROTO=ICMPv6 TYPE=128 CODE=0 ID=12485 SEQ=1 ",
	// A parameter problem: POINTER is bare hex (recorded: ip6-router-hl).
	"IN=eth0 OUT= MAC=fe:f6:9e:77:8d:db:6e:7f:cb:67:a1:7f:86:dd SRC=fd00:0002:0000:0000:0000:0000:0000:0003 DST=fd00:0002:0000:0000:0000:0000:0000:0015 LEN=96 TC=0 HOPLIMIT=64 FLOWLBL=20017 PROTO=ICMPv6 TYPE=4 CODE=0 POINTER=00000006 [SRC=fd00:0002:0000:0000:0000:0000:0000:0015 DST=fd00:0002:0000:0000:0000:0000:0000:0003 LEN=48 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=UDP SPT=5353 DPT=46013 LEN=8 ] ",
	"IN= OUT=eth0 SRC=fd00:0002:0000:0000:0000:0000:0000:0003 DST=fd00:0002:0000:0000:0000:0000:0000:0015 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=433974 FRAG:8 INCOMPLETE ID:0000abcd PROTO=TCP ",
];

describe("IPv6 log notation (nf_log_ipv6)", () => {
	test.each(lines)("parse then format gives the line back: %s", (line) => {
		const parsed = parseLogPacket(line);
		if (!parsed.ok) throw new Error(parsed.error);
		const { packet, meta } = parsed.input;
		expect(packet.family).toBe("ipv6");
		expect(
			formatLogLine(packet, meta, parsed.devices, {
				...noLogFlags,
				prefix: "",
			}),
		).toBe(line);
	});

	test("the compare contract's EXTHDR= token gives the extension headers", () => {
		const parsed = parseLogPacket(`${lines[0]} EXTHDR=rt0,dst`);
		if (!parsed.ok) throw new Error(parsed.error);
		const packet = parsed.input.packet;
		expect(packet.family === "ipv6" && packet.extHeaders).toEqual([
			{ kind: "rt", type: 0 },
			{ kind: "dst" },
		]);
	});
});

describe("ICMPv6 conntrack (nf_conntrack_proto_icmpv6.c)", () => {
	const info = (line: string) => {
		const parsed = parseLogPacket(line);
		if (!parsed.ok) throw new Error(parsed.error);
		return classify(
			new ConntrackDraft(emptyConntrackTable()),
			parsed.input.packet,
			0,
			true,
		).info;
	};
	const nd = (type: number) =>
		`IN=eth0 OUT= SRC=fd00:0002:0000:0000:0000:0000:0000:0003 DST=ff02:0000:0000:0000:0000:0001:ff00:0015 LEN=72 TC=0 HOPLIMIT=255 FLOWLBL=0 PROTO=ICMPv6 TYPE=${type} CODE=0 `;
	test.each([133, 134, 135, 136, 130, 143])(
		"type %i (neighbour discovery, MLD) is UNTRACKED",
		(type) => expect(info(nd(type))).toBe("UNTRACKED"),
	);
	test("an echo request starts a connection; an echo reply alone cannot", () => {
		expect(info(lines[2] ?? "")).toBe("NEW");
		expect(info((lines[2] ?? "").replace("TYPE=128", "TYPE=129"))).toBe(
			"INVALID",
		);
	});
	test("an ICMPv6 error quoting no known connection is INVALID", () => {
		expect(info(lines[1] ?? "")).toBe("INVALID");
	});
});
