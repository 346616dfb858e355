import { describe, expect, test } from "vitest";
import { ip, tuple } from "../../test/helpers/packets.js";
import { ctStatus } from "../engine/conntrack/types.js";
import { parseConntrackList, toConntrackEntry } from "./conntrack-list.js";

const listing = [
	"tcp      6 431999 ESTABLISHED src=10.0.2.15 dst=10.0.2.2 sport=22 dport=51234 src=10.0.2.2 dst=10.0.2.15 sport=51234 dport=22 [ASSURED] mark=0 use=1",
	"udp      17 29 src=172.17.0.2 dst=10.0.2.3 sport=33272 dport=53 [UNREPLIED] src=10.0.2.3 dst=10.0.2.15 sport=53 dport=33272 mark=7 zone=3 use=1",
	"icmp     1 29 src=172.17.0.2 dst=10.0.2.3 type=8 code=0 id=12 src=10.0.2.3 dst=10.0.2.15 type=0 code=0 id=12 mark=0 use=1",
	"ipv4     2 tcp      6 117 SYN_SENT src=10.0.2.3 dst=10.0.2.15 sport=45000 dport=1002 [UNREPLIED] src=172.17.0.3 dst=10.0.2.3 sport=1000 dport=45000 mark=0 helper=ftp use=1",
	"ipv6     10 tcp      6 10 CLOSE src=::1 dst=::1 sport=1 dport=2 src=::1 dst=::1 sport=2 dport=1 mark=0 use=1",
	"garbage line",
	"conntrack v1.4.7 (conntrack-tools): 5 flow entries have been shown.",
	"",
].join("\n");

describe("parseConntrackList", () => {
	const { entries, diagnostics } = parseConntrackList(listing);

	test("reads IPv4 entries, skips IPv6 and the summary", () => {
		expect(entries.map((entry) => entry.line)).toEqual([1, 2, 3, 4]);
	});

	test("an unreadable line is a diagnostic, not an exception", () => {
		expect(diagnostics).toMatchObject([
			{ severity: "warning", code: "conntrack-line", line: 6, column: 1 },
		]);
	});

	test("fields of a TCP entry", () => {
		expect(entries[0]).toEqual({
			line: 1,
			protocolName: "tcp",
			protocol: 6,
			timeout: 431999,
			state: "ESTABLISHED",
			original: { src: "10.0.2.15", dst: "10.0.2.2", sport: 22, dport: 51234 },
			reply: { src: "10.0.2.2", dst: "10.0.2.15", sport: 51234, dport: 22 },
			flags: ["ASSURED"],
			mark: 0,
			zone: 0,
		});
	});

	test("ICMP type, code and id", () => {
		expect(entries[2]?.original).toEqual({
			src: "172.17.0.2",
			dst: "10.0.2.3",
			icmpType: 8,
			icmpCode: 0,
			icmpId: 12,
		});
	});

	test("extended output, helper, zone and mark", () => {
		expect(entries[3]).toMatchObject({ state: "SYN_SENT", helper: "ftp" });
		expect(entries[1]).toMatchObject({
			mark: 7,
			zone: 3,
			flags: ["UNREPLIED"],
		});
	});
});

describe("toConntrackEntry", () => {
	const { entries } = parseConntrackList(listing);
	const convert = (index: number) => {
		const entry = entries[index];
		return entry === undefined
			? undefined
			: toConntrackEntry(entry, { id: index, now: 100 });
	};
	const {
		CONFIRMED,
		SEEN_REPLY,
		ASSURED,
		SRC_NAT,
		SRC_NAT_DONE,
		DST_NAT,
		DST_NAT_DONE,
	} = ctStatus;

	test.each([
		{
			index: 0,
			name: "replied, assured, no NAT",
			status: CONFIRMED | SEEN_REPLY | ASSURED,
		},
		{
			index: 1,
			name: "masqueraded, unreplied",
			status: CONFIRMED | SRC_NAT | SRC_NAT_DONE,
		},
		{
			index: 2,
			name: "masqueraded ping",
			status: CONFIRMED | SEEN_REPLY | SRC_NAT | SRC_NAT_DONE,
		},
		{
			index: 3,
			name: "DNAT to a container",
			status: CONFIRMED | DST_NAT | DST_NAT_DONE,
		},
	])("$name", ({ index, status }) => {
		expect(convert(index)?.status).toBe(status);
	});

	test("tuples, timing and TCP state", () => {
		expect(convert(3)).toEqual({
			id: 3,
			original: tuple("10.0.2.3", 45000, "10.0.2.15", 1002),
			reply: tuple("172.17.0.3", 1000, "10.0.2.3", 45000),
			status: CONFIRMED | DST_NAT | DST_NAT_DONE,
			mark: 0,
			tcpState: "SYN_SENT",
			expires: 217,
			created: 100,
			zone: 0,
			helper: "ftp",
		});
	});

	test("ICMP keeps the id in sport and type<<8|code in dport", () => {
		expect(convert(2)?.original).toEqual({
			src: ip("172.17.0.2"),
			dst: ip("10.0.2.3"),
			protocol: 1,
			sport: 12,
			dport: 8 << 8,
		});
	});
});
