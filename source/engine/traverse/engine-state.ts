/**
 * Everything that survives from one packet to the next: the conntrack table,
 * per-rule match state (limit buckets, nth counters), shared named state
 * (recent lists, hashlimit tables), packets the kernel sent that will come
 * back with their connection attached (loopback, REJECT replies), the
 * bridges' learned MAC addresses, and the random generator's position.
 * Immutable: `simulate` returns a new state and leaves the old one valid.
 */
import {
	ConntrackDraft,
	type ConntrackTable,
	emptyConntrackTable,
} from "../conntrack/table.js";
import type { ConntrackEntry, CtInfo } from "../conntrack/types.js";
import type { Edit } from "../lib/hamt.js";
import { PersistentMap } from "../lib/persistent-map.js";
import type { Packet } from "../model/packet.js";
import {
	noPendingAttachments,
	type PendingAttachments,
} from "./pending-attachments.js";

/** A packet in flight that carries its connection with it (nf_ct_attach, loopback). */
export type Attachment = {
	/** Key of the packet as it will arrive (see `attachmentKey`). */
	readonly key: string;
	readonly info: CtInfo;
	readonly entry?: ConntrackEntry;
	readonly mark: number;
	readonly untracked: boolean;
	/** Seconds after which it is forgotten. */
	readonly until: number;
	readonly why: string;
};

export type EngineState = {
	readonly conntrack: ConntrackTable;
	/**
	 * TCP endpoints as the host's sockets see them, followed apart from
	 * conntrack (socket-view.ts): a TIME_WAIT acknowledgement has no owner
	 * whether or not conntrack saw the connection close.
	 */
	readonly sockets: ConntrackTable;
	readonly ruleState: PersistentMap<string, unknown>;
	readonly shared: PersistentMap<string, unknown>;
	readonly attachments: PendingAttachments;
	/** MAC address → bridge port it was last seen on. */
	readonly fdb: PersistentMap<string, string>;
	/** State of the deterministic random generator (mulberry32). */
	readonly randomState: number;
	/** Packets simulated so far. */
	readonly packets: number;
	/**
	 * Set on states made with `reuseState` (SimulateOptions): the token under
	 * which their maps' nodes may be changed in place by the next packet.
	 */
	readonly reuse?: Edit;
};

/** @param seed seed of the random draws (statistic random, NAT port choice). @default 1 */
export function createEngineState(seed = 1): EngineState {
	return {
		conntrack: emptyConntrackTable(),
		sockets: emptyConntrackTable(),
		ruleState: PersistentMap.empty(),
		shared: PersistentMap.empty(),
		attachments: noPendingAttachments,
		fdb: PersistentMap.empty(),
		randomState: seed >>> 0,
		packets: 0,
	};
}

/**
 * A state that already knows some connections, e.g. the live host's
 * `conntrack -L`, so a packet can be traced as part of one. Entries get new
 * ids after the ones the state has used.
 */
export function withConnections(
	state: EngineState,
	entries: readonly ConntrackEntry[],
): EngineState {
	const draft = new ConntrackDraft(state.conntrack);
	for (const entry of entries)
		draft.insert({ ...entry, id: draft.allocateId() });
	return { ...state, conntrack: draft.commit() };
}

/**
 * Live conntrack entries at `now` (seconds; never before the table's last
 * sweep: the sweep may not have removed every entry dead by then), oldest first.
 */
export function conntrackEntries(
	state: EngineState,
	now = Number.NEGATIVE_INFINITY,
): readonly ConntrackEntry[] {
	const at = Math.max(now, state.conntrack.sweptAt);
	return [...state.conntrack.entries.entries().values()]
		.filter((entry) => entry.expires > at)
		.sort((a, b) => a.id - b.id);
}

/**
 * The identity of a packet as the kernel will see it again: addresses,
 * protocol, ports, TCP flags and sequence numbers, ICMP type/code/id and the
 * quoted packet of an error. The IP ID is left out because generated replies
 * get one the simulator cannot know.
 */
export function attachmentKey(packet: Packet): string {
	const base = `${packet.protocol}|${packet.src}|${packet.dst}|${packet.sport ?? ""}|${packet.dport ?? ""}`;
	const tcp = packet.tcp
		? `|${packet.tcp.flags & 0xff}|${packet.tcp.seq}|${packet.tcp.ack}`
		: "";
	const icmp = packet.icmp
		? `|${packet.icmp.type}|${packet.icmp.code}|${packet.icmp.id ?? ""}|${packet.icmp.sequence ?? ""}${packet.icmp.inner ? `|${attachmentKey(packet.icmp.inner)}|${packet.icmp.inner.id}` : ""}`
		: "";
	return base + tcp + icmp;
}

/** mulberry32: a tiny seeded generator, so random draws are repeatable. */
export function nextRandom(state: number): { value: number; state: number } {
	const next = (state + 0x6d2b79f5) >>> 0;
	let t = next;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}
