/**
 * Connection tracking as nf_conntrack_in decides it (semantics §3) and NAT
 * bindings as nf_nat_setup_info makes them (§2.5, §4).
 */
import { describe, expect, test } from "vitest";
import { ip, tcpPacket } from "../../../test/helpers/packets.js";
import {
	ipProtocol,
	type Packet,
	type Packet4,
	tcpFlag,
} from "../model/packet.js";
import { classify } from "./classify.js";
import { natPacket, nullBinding, setupNat } from "./nat.js";
import { ConntrackDraft, emptyConntrackTable } from "./table.js";
import { type ConntrackEntry, ctStatus } from "./types.js";

/** A bare TCP header (length 40) with a small window. */
const tcp = (
	src: string,
	sport: number,
	dst: string,
	dport: number,
	flags: number,
): Packet4 =>
	tcpPacket(src, sport, dst, dport, flags, { length: 40, window: 1000 });

const { SYN, ACK, FIN, RST } = tcpFlag;
const client = (flags: number) =>
	tcp("10.0.2.3", 40000, "10.0.2.15", 22, flags);
const server = (flags: number) =>
	tcp("10.0.2.15", 22, "10.0.2.3", 40000, flags);

/** Runs packets through one table, confirming every new entry as a surviving first packet would. */
function infos(packets: readonly Packet[], loose = true): string[] {
	const draft = new ConntrackDraft(emptyConntrackTable());
	return packets.map((packet, index) => {
		const result = classify(draft, packet, index, loose);
		if (result.entry && result.unconfirmed) draft.insert(result.entry);
		return result.entry?.tcpState
			? `${result.info}/${result.entry.tcpState}`
			: result.info;
	});
}

describe("classify", () => {
	test.each([
		[
			"handshake",
			[client(SYN), server(SYN | ACK), client(ACK)],
			["NEW/SYN_SENT", "ESTABLISHED_REPLY/SYN_RECV", "ESTABLISHED/ESTABLISHED"],
		],
		[
			"a retransmitted SYN before any reply is still NEW",
			[client(SYN), client(SYN)],
			["NEW/SYN_SENT", "NEW/SYN_SENT"],
		],
		["a bare ACK is picked up mid-stream", [client(ACK)], ["NEW/ESTABLISHED"]],
		["SYN/ACK from nowhere is INVALID", [server(SYN | ACK)], ["INVALID"]],
		["a bare FIN is INVALID", [client(FIN)], ["INVALID"]],
		["SYN+FIN is never legal", [client(SYN | FIN)], ["INVALID"]],
		["no flags at all is INVALID", [client(0)], ["INVALID"]],
		[
			"a reset closes the connection",
			[client(SYN), server(RST | ACK)],
			["NEW/SYN_SENT", "ESTABLISHED_REPLY/CLOSE"],
		],
		[
			"a new SYN reopens a closed connection",
			[client(SYN), server(RST | ACK), client(SYN)],
			["NEW/SYN_SENT", "ESTABLISHED_REPLY/CLOSE", "NEW/SYN_SENT"],
		],
	])("%s", (_name, packets, want) => {
		expect(infos(packets)).toEqual(want);
	});

	test("without nf_conntrack_tcp_loose a bare ACK is INVALID", () => {
		expect(infos([client(ACK)], false)).toEqual(["INVALID"]);
	});

	test("an echo reply without a request is INVALID; with one it is ESTABLISHED", () => {
		const echo = (src: string, dst: string, type: number): Packet => ({
			...client(0),
			src: ip(src),
			dst: ip(dst),
			protocol: ipProtocol.ICMP,
			icmp: { type, code: 0, id: 7, sequence: 1 },
		});
		expect(infos([echo("10.0.2.15", "10.0.2.3", 0)])).toEqual(["INVALID"]);
		expect(
			infos([
				echo("10.0.2.3", "10.0.2.15", 8),
				echo("10.0.2.15", "10.0.2.3", 0),
			]),
		).toEqual(["NEW", "ESTABLISHED_REPLY"]);
	});

	test("an ICMP error about a known connection is RELATED, about an unknown one INVALID", () => {
		const error = (inner: Packet, dst: string): Packet => ({
			...client(0),
			src: ip("10.0.2.15"),
			dst: ip(dst),
			protocol: ipProtocol.ICMP,
			icmp: { type: 3, code: 3, inner },
		});
		expect(infos([client(SYN), error(client(SYN), "10.0.2.3")])[1]).toBe(
			"RELATED_REPLY/SYN_SENT",
		);
		expect(infos([error(client(SYN), "10.0.2.3")])).toEqual(["INVALID"]);
		expect(infos([client(SYN), error(client(SYN), "10.0.2.9")])[1]).toBe(
			"INVALID",
		);
	});

	test("entries expire", () => {
		const draft = new ConntrackDraft(emptyConntrackTable());
		const first = classify(draft, client(SYN), 0, true);
		if (first.entry) draft.insert(first.entry);
		expect(classify(draft, server(SYN | ACK), 119, true).info).toBe(
			"ESTABLISHED_REPLY",
		);
		expect(classify(draft, client(ACK), 119 + 61, true).info).toBe("NEW");
	});
});

describe("NAT bindings", () => {
	const fresh = () => {
		const draft = new ConntrackDraft(emptyConntrackTable());
		const result = classify(
			draft,
			tcp("10.0.2.3", 45000, "10.0.2.15", 1002, SYN),
			0,
			true,
		);
		return { draft, entry: result.entry as ConntrackEntry };
	};
	const noRandom = () => 0;
	const range = (address: string, port?: number) => ({
		minAddress: ip(address),
		maxAddress: ip(address),
		...(port === undefined ? {} : { minPort: port, maxPort: port }),
		random: false,
		randomFully: false,
		persistent: false,
	});

	test("DNAT changes the reply tuple, sets DST_NAT and rewrites later packets both ways", () => {
		const { draft, entry } = fresh();
		const bound = setupNat(
			draft,
			entry,
			"dst",
			range("172.17.0.3", 1000),
			0,
			noRandom,
		);
		expect(bound.status & ctStatus.DST_NAT).toBeTruthy();
		expect(bound.status & ctStatus.DST_NAT_DONE).toBeTruthy();
		const forward = natPacket(
			tcp("10.0.2.3", 45000, "10.0.2.15", 1002, ACK),
			bound,
			"ESTABLISHED",
			"dst",
		);
		expect([forward.dst, forward.dport]).toEqual([ip("172.17.0.3"), 1000]);
		const reply = natPacket(
			tcp("172.17.0.3", 1000, "10.0.2.3", 45000, ACK),
			bound,
			"ESTABLISHED_REPLY",
			"src",
		);
		expect([reply.src, reply.sport]).toEqual([ip("10.0.2.15"), 1002]);
	});

	test("a null binding marks the side done without changing anything", () => {
		const { draft, entry } = fresh();
		const bound = nullBinding(draft, entry, "src", 0, noRandom);
		expect(bound.status & ctStatus.SRC_NAT).toBe(0);
		expect(bound.status & ctStatus.SRC_NAT_DONE).toBeTruthy();
		expect(bound.reply).toEqual(entry.reply);
	});

	test("SNAT keeps the source port when the tuple stays unique, else picks one of the same class", () => {
		const draft = new ConntrackDraft(emptyConntrackTable());
		const outbound = (src: string) =>
			classify(draft, tcp(src, 45000, "8.8.8.8", 53, SYN), 0, true)
				.entry as ConntrackEntry;
		const first = setupNat(
			draft,
			outbound("172.17.0.2"),
			"src",
			range("10.0.2.15"),
			0,
			noRandom,
		);
		expect(first.reply.dport).toBe(45000);
		draft.insert(first);
		const second = setupNat(
			draft,
			outbound("172.17.0.3"),
			"src",
			range("10.0.2.15"),
			0,
			noRandom,
		);
		expect(second.reply.dport).not.toBe(45000);
		expect(second.reply.dport).toBeGreaterThanOrEqual(1024);
		expect(second.status & ctStatus.SRC_NAT).toBeTruthy();
	});
});
