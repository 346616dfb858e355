/**
 * The TCP connection tracking state machine: tcp_conntracks[][][] from
 * net/netfilter/nf_conntrack_proto_tcp.c, plus the flag sanity check of
 * tcp_error(). Window tracking is not modelled: segments count as in-window.
 */
import { tcpFlag } from "../model/packet.js";
import { type TcpConntrackState, tcpConntrackStates } from "./types.js";

type Next = TcpConntrackState | "INVALID" | "IGNORE";

const stateOrder: readonly TcpConntrackState[] = tcpConntrackStates;

const sNO = "NONE";
const sSS = "SYN_SENT";
const sSR = "SYN_RECV";
const sES = "ESTABLISHED";
const sFW = "FIN_WAIT";
const sCW = "CLOSE_WAIT";
const sLA = "LAST_ACK";
const sTW = "TIME_WAIT";
const sCL = "CLOSE";
const sS2 = "SYN_SENT2";
const sIV = "INVALID";
const sIG = "IGNORE";

type FlagIndex = "syn" | "synack" | "fin" | "ack" | "rst" | "none";

/* Columns follow stateOrder: sNO sSS sSR sES sFW sCW sLA sTW sCL sS2 */
const original: Record<FlagIndex, readonly Next[]> = {
	syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
	synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
	fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
	ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
	rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
	none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};

const reply: Record<FlagIndex, readonly Next[]> = {
	syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
	synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
	fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
	ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
	rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
	none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};

function flagIndex(flags: number): FlagIndex {
	if (flags & tcpFlag.RST) return "rst";
	if (flags & tcpFlag.SYN) return flags & tcpFlag.ACK ? "synack" : "syn";
	if (flags & tcpFlag.FIN) return "fin";
	if (flags & tcpFlag.ACK) return "ack";
	return "none";
}

const validCombinations = new Set<number>([
	tcpFlag.SYN,
	tcpFlag.SYN | tcpFlag.URG,
	tcpFlag.SYN | tcpFlag.ACK,
	tcpFlag.RST,
	tcpFlag.RST | tcpFlag.ACK,
	tcpFlag.FIN | tcpFlag.ACK,
	tcpFlag.FIN | tcpFlag.ACK | tcpFlag.URG,
	tcpFlag.ACK,
	tcpFlag.ACK | tcpFlag.URG,
]);

/** tcp_error(): flag combinations that are never legal make the packet INVALID. */
export function tcpFlagsValid(flags: number): boolean {
	const masked = flags & 0xff & ~(tcpFlag.ECE | tcpFlag.CWR | tcpFlag.PSH);
	return validCombinations.has(masked);
}

/** The state a first packet would create (tcp_new); INVALID when it cannot start a connection. */
export function tcpNewState(
	flags: number,
	loose: boolean,
): TcpConntrackState | "INVALID" {
	const next = original[flagIndex(flags)][0];
	if (next === sSS) return sSS;
	if (next === sES && loose) return sES;
	return "INVALID";
}

/** The transition for a packet of a known connection. */
export function tcpTransition(
	state: TcpConntrackState,
	direction: "original" | "reply",
	flags: number,
): Next {
	const table = direction === "original" ? original : reply;
	return table[flagIndex(flags)][stateOrder.indexOf(state)] ?? sIV;
}

/** True for a SYN that reopens a closed connection (the kernel deletes the old entry and starts over). */
export function tcpReopens(
	state: TcpConntrackState,
	direction: "original" | "reply",
	flags: number,
): boolean {
	return (
		direction === "original" &&
		flagIndex(flags) === "syn" &&
		(state === sTW || state === sCL)
	);
}

/** Default timeouts in seconds (nf_conntrack_proto_tcp.c tcp_timeouts). */
export const tcpTimeouts: Readonly<Record<TcpConntrackState, number>> = {
	NONE: 0,
	SYN_SENT: 120,
	SYN_RECV: 60,
	ESTABLISHED: 432_000,
	FIN_WAIT: 120,
	CLOSE_WAIT: 60,
	LAST_ACK: 30,
	TIME_WAIT: 120,
	CLOSE: 10,
	SYN_SENT2: 120,
};

export { sNO as tcpNone };
