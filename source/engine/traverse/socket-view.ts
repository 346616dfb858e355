/**
 * The host's TCP connections as its own sockets see them, kept apart from
 * conntrack: a socket's state follows every segment it sends and every
 * segment delivered to it, whatever conntrack makes of them. Conntrack may
 * not run, may skip the packets (NOTRACK, `CT --notrack`), or may split one
 * connection over zones (`CT --zone` on one direction only: recorded as
 * fuzz-2, where the server's last ACK left its TIME_WAIT socket without an
 * owner although conntrack's zone-0 entry never saw the peer's FIN).
 *
 * The view is conntrack's TCP state machine run on the endpoint's segments:
 * a segment enters it when the socket sends it (before OUTPUT: a drop there
 * does not undo the send) and when INPUT hands it to the socket. A packet
 * looped back through `lo` was already seen when it was sent.
 */
import { classify } from "../conntrack/classify.js";
import { tupleOf } from "../conntrack/tuple.js";
import type { ConntrackEntry, TcpConntrackState } from "../conntrack/types.js";
import { ipProtocol } from "../model/packet.js";
import type { Run } from "./run.js";

/** A local connection as the packet now arriving finds it (before it counts). */
export type SocketSeen = {
	readonly entry: ConntrackEntry;
	readonly state: TcpConntrackState;
	/** True when the packet travels toward the side that opened the connection. */
	readonly toOriginal: boolean;
};

/** Counts one segment in the endpoints' view (loose: a connection seen mid-way is picked up). */
function count(run: Run): void {
	if (run.packet.protocol !== ipProtocol.TCP) return;
	const seen = classify(run.sockets, run.packet, run.time, true);
	if (seen.entry && seen.unconfirmed) run.sockets.insert(seen.entry);
}

/** A segment a local socket sends. */
export function socketSent(run: Run): void {
	count(run);
}

/** A segment INPUT delivered to a local socket (one looped back through `lo` was counted when sent). */
export function socketReceived(run: Run, device: string): void {
	if (device !== "lo") count(run);
}

/** The local connection an arriving TCP segment belongs to, as it stood before the segment. */
export function socketFor(run: Run): SocketSeen | undefined {
	if (run.packet.protocol !== ipProtocol.TCP) return undefined;
	const found = run.sockets.find(tupleOf(run.packet), run.time);
	const state = found?.entry.tcpState;
	if (found === undefined || state === undefined) return undefined;
	return {
		entry: found.entry,
		state,
		toOriginal: found.direction === "reply",
	};
}
