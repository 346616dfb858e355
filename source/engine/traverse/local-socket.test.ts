/**
 * The socket behind a locally generated packet, as the kernel recording
 * owner-local shows it (semantics of xt_owner.c and nf_log's UID=).
 */
import { expect, test } from "vitest";
import { tcpPacket } from "../../../test/helpers/packets.js";
import { ipProtocol, type Packet, tcpFlag } from "../model/packet.js";
import {
	isTimeWaitAck,
	socketKindOf,
	withLocalSocket,
} from "./local-socket.js";

const tcp = (flags: number): Packet =>
	tcpPacket("0.0.0.1", 1000, "0.0.0.2", 80, flags, { length: 40 });
const icmp = (type: number): Packet => ({
	...tcp(0),
	protocol: ipProtocol.ICMP,
	icmp: { type, code: 0 },
});

test.each([
	["a client's SYN", tcp(tcpFlag.SYN), undefined, "file"],
	["data", tcp(tcpFlag.ACK | tcpFlag.PSH), undefined, "file"],
	[
		"a listener's SYN/ACK",
		tcp(tcpFlag.SYN | tcpFlag.ACK),
		undefined,
		"request",
	],
	["the stack's reset", tcp(tcpFlag.RST | tcpFlag.ACK), undefined, "kernel"],
	["an echo request (ping)", icmp(8), undefined, "file"],
	["an echo reply", icmp(0), undefined, "kernel"],
	["an ICMP error", icmp(3), undefined, "kernel"],
	["REJECT's ICMP error", icmp(3), "REJECT", "kernel"],
	["REJECT's reset", tcp(tcpFlag.RST), "REJECT", "none"],
])("%s", (_name, packet, generatedBy, kind) => {
	expect(socketKindOf(packet, generatedBy)).toBe(kind);
});

test("only sockets with an owner carry uid and gid", () => {
	const meta = { inInterface: "", mark: 0, time: 0 };
	expect(withLocalSocket(meta, "file", { uid: 0, gid: 0 })).toMatchObject({
		uid: 0,
		gid: 0,
	});
	expect(
		withLocalSocket({ ...meta, uid: 1000 }, "file", { uid: 0, gid: 0 }).uid,
	).toBe(1000);
	expect(
		withLocalSocket({ ...meta, uid: 1000 }, "kernel", { uid: 0, gid: 0 }).uid,
	).toBeUndefined();
	expect(withLocalSocket(meta, "file", undefined).uid).toBeUndefined();
});

test("a bare ACK into TIME_WAIT comes from a TIME_WAIT socket", () => {
	expect(isTimeWaitAck(tcp(tcpFlag.ACK), "TIME_WAIT")).toBe(true);
	expect(isTimeWaitAck(tcp(tcpFlag.ACK | tcpFlag.FIN), "TIME_WAIT")).toBe(
		false,
	);
	expect(isTimeWaitAck(tcp(tcpFlag.ACK), "ESTABLISHED")).toBe(false);
});
