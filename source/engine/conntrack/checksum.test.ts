/**
 * Conntrack's PREROUTING checksum check fails a transport checksum a sender
 * computed over a routing header's final destination (recorded:
 * ip6-router-own, packet 132: a type 0 routing header, INVALID in FORWARD).
 */
import { expect, test } from "vitest";
import { parseLogPacket } from "../format/parse-log-packet.js";
import type { Ipv6ExtHeader } from "../model/packet.js";
import { failsConntrackChecksum } from "./checksum.js";

const udp =
	"IN=eth0 OUT= SRC=fd00:0002:0000:0000:0000:0000:0000:0003 DST=fd00:0017:0000:0000:0000:0000:0000:0002 LEN=72 TC=0 HOPLIMIT=64 FLOWLBL=20035 PROTO=UDP SPT=45022 DPT=9 LEN=8";

function packetOf(line: string, headers: readonly Ipv6ExtHeader[] = []) {
	const parsed = parseLogPacket(line);
	if (!parsed.ok) throw new Error(parsed.error);
	const packet = parsed.input.packet;
	if (packet.family !== "ipv6") throw new Error("not IPv6");
	return { ...packet, extHeaders: headers };
}

test.each([
	["no routing header", [], false],
	[
		"a routing header (segments left not shown)",
		[{ kind: "rt", type: 0 }],
		true,
	],
	[
		"a routing header with segments left",
		[{ kind: "rt", type: 0, segmentsLeft: 1 }],
		true,
	],
	[
		"a used-up routing header",
		[{ kind: "rt", type: 0, segmentsLeft: 0 }],
		false,
	],
	["hop-by-hop options only", [{ kind: "hbh" }], false],
] as const)("UDP with %s: fails %s", (_, headers, fails) => {
	expect(failsConntrackChecksum(packetOf(udp, headers))).toBe(fails);
});

test("an IPv4 packet is never failed here", () => {
	const v4 = parseLogPacket(
		"IN=eth0 OUT= SRC=10.0.2.3 DST=10.0.2.15 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=UDP SPT=1 DPT=2 LEN=8",
	);
	if (!v4.ok) throw new Error(v4.error);
	expect(failsConntrackChecksum(v4.input.packet)).toBe(false);
});
