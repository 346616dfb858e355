/**
 * TCP early demux (ip_rcv_finish_core → tcp_v4_early_demux, and
 * tcp_v6_early_demux): before routing, a packet for this host is looked up
 * in the established-socket hash and the socket it finds rides on the skb,
 * so INPUT's LOG --log-uid prints its owner (nf_log_dump_sk_uid_gid: a full
 * socket still attached to a process's file). Recorded: fuzz-48 (the
 * SYN/ACK and the server's data to a local client print UID=, the server's
 * FIN after the client closed does not).
 *
 * Which packets find such a socket:
 * - this host is the client: every packet after its SYN, until its process
 *   closes the socket: close() sends the FIN and orphans the socket when it
 *   returns, so a packet arriving meanwhile (a veth peer's immediate ACK of
 *   the FIN, 33-74 µs later in the recordings) still finds the owner, one
 *   arriving later (the peer's own FIN, 1.8 ms later) does not;
 * - this host is the server: packets after the handshake (the handshake's
 *   last ACK finds a request socket, not a full one), until the host closes
 *   (as above).
 *   That the server process has accept()ed the socket by then is assumed:
 *   the kernel's answer depends on that race (fuzz seed 2's ACKs).
 * Listening sockets are not in the established hash: a SYN finds none.
 * A packet looped back through `lo` keeps its route (loopback_xmit keeps
 * the dst), and ip_rcv_finish_core demuxes only packets without one.
 * The connection is the sockets' own view (socket-view.ts), not conntrack's.
 */
import type { TcpConntrackState } from "../conntrack/types.js";
import { withLocalSocket } from "./local-socket.js";
import type { Run } from "./run.js";
import { socketFor } from "./socket-view.js";

/** States in which the client side already holds its connected socket. */
const clientHolds: ReadonlySet<TcpConntrackState> = new Set([
	"SYN_SENT",
	"SYN_SENT2",
	"SYN_RECV",
	"ESTABLISHED",
	"FIN_WAIT",
	"CLOSE_WAIT",
	"LAST_ACK",
]);

/** States in which the server side holds an accepted (full) socket. */
const serverHolds: ReadonlySet<TcpConntrackState> = new Set([
	"ESTABLISHED",
	"FIN_WAIT",
	"CLOSE_WAIT",
	"LAST_ACK",
]);

/**
 * Seconds close() may still hold the socket after its FIN left: the FIN's
 * transmission runs the peer's softirq inline on a veth pair, so its
 * immediate ACK is back before close() returns.
 */
const closeWindow = 0.0005;

/** Attaches the local socket early demux finds to a packet delivered to this host. */
export function earlyDemux(run: Run, device: string): void {
	if (device === "lo") return;
	const seen = socketFor(run);
	if (seen === undefined) return;
	const { entry, state: previous, toOriginal } = seen;
	// The host is the side the packet goes to: the reply side (server) for
	// an original-direction packet, the original side (client) for a reply.
	const closedAt = entry.finAt?.[toOriginal ? "original" : "reply"];
	if (closedAt !== undefined && run.time - closedAt > closeWindow) return;
	const holds = toOriginal ? clientHolds : serverHolds;
	if (!holds.has(previous)) return;
	run.meta = withLocalSocket(run.meta, "file", run.localOwner);
}
