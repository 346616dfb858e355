/**
 * The port SNAT and MASQUERADE chose, as the kernel chose it. Linux starts
 * at a random port of the range (nf_nat_l4proto_unique_tuple:
 * get_random_u16()), keeping the original port only when it is free and in
 * range, so a simulation cannot know the port in advance. It binds the
 * connection to a port of its own and marks the entry with the ports the
 * kernel could have taken (`portChoice`). The first packet that shows the
 * kernel's choice (the reply, or an ICMP error quoting the translated
 * packet) moves the connection to that port.
 *
 * The pending choices are indexed in the conntrack table itself, by the
 * reply tuple without its port: an entry leaves the index when it sees its
 * reply, moves, or leaves the table (timeout), so the index never holds more
 * than the table's unreplied source-NAT connections.
 */
import type { Edit } from "../lib/hamt.js";
import { MapDraft, PersistentMap } from "../lib/persistent-map.js";
import { ipProtocol, type Packet } from "../model/packet.js";
import type { NatRange } from "../target/types.js";
import { hasPorts } from "./nat.js";
import { icmpErrorTypes, invertTuple, tupleKey, tupleOf } from "./tuple.js";
import { type ConntrackEntry, ctStatus, type Tuple } from "./types.js";

/** Source ports a source NAT may end on, inclusive. */
export type PortChoice = { readonly min: number; readonly max: number };

/** Pending entries' ids by the reply tuple without the port the kernel chose. */
export type ChoiceIndex = PersistentMap<string, PersistentMap<number, true>>;

/** The reply's identity without the port the kernel chose (as tupleKey, port 0). */
const choiceKey = (t: Tuple): string => tupleKey(t, 0);

/**
 * The ports a source NAT of `port` may end on: the range's, or without one
 * the original port's class (1-511, 600-1023, 1024-65535).
 */
export function sourcePortChoices(port: number, range: NatRange): PortChoice {
	if (range.minPort !== undefined && range.maxPort !== undefined)
		return {
			min: Math.min(range.minPort, range.maxPort),
			max: Math.max(range.minPort, range.maxPort),
		};
	if (port < 512) return { min: 1, max: 511 };
	if (port < 1024) return { min: 600, max: 1023 };
	return { min: 1024, max: 65535 };
}

/** The entry with the ports its source NAT may really have taken, when there is a choice. */
export function withPortChoice(
	entry: ConntrackEntry,
	choice: PortChoice,
): ConntrackEntry {
	if (!hasPorts(entry.reply.protocol) || choice.min === choice.max)
		return entry;
	return { ...entry, portChoice: choice };
}

/** The entry with its source port known (a packet showed it), updated in the table. */
export function settled(
	table: { update(entry: ConntrackEntry): void },
	entry: ConntrackEntry,
): ConntrackEntry {
	const { portChoice: _known, ...rest } = entry;
	table.update(rest);
	return rest;
}

/** True while the entry waits for a packet to show the kernel's port. */
function pending(entry: ConntrackEntry | undefined): boolean {
	return (
		entry?.portChoice !== undefined &&
		(entry.status & ctStatus.SEEN_REPLY) === 0
	);
}

/** The index of pending choices, changed with the table during one packet. */
export class ChoiceDraft {
	private readonly draft: MapDraft<string, PersistentMap<number, true>>;

	/** `reuse`: see `MapDraft`. */
	constructor(index: ChoiceIndex, reuse?: Edit) {
		this.draft = new MapDraft(index, reuse);
	}

	/** Keeps the index in step with an entry that changed from `before` to `after`. */
	changed(
		before: ConntrackEntry | undefined,
		after: ConntrackEntry | undefined,
	): void {
		const was = pending(before) && before ? choiceKey(before.reply) : undefined;
		const is = pending(after) && after ? choiceKey(after.reply) : undefined;
		if (was === is) return;
		if (was !== undefined && before) this.edit(was, before.id, undefined);
		if (is !== undefined && after) this.edit(is, after.id, true);
	}

	/** True when some pending entry's reply looks like `reply` but for the port. */
	has(reply: Tuple): boolean {
		return this.draft.get(choiceKey(reply)) !== undefined;
	}

	/** Ids of entries whose kernel port may be the one `reply` shows, oldest first. */
	candidates(reply: Tuple): number[] {
		const ids = this.draft.get(choiceKey(reply));
		return ids === undefined ? [] : [...ids.entries().keys()].sort(byNumber);
	}

	commit(): ChoiceIndex {
		return this.draft.commit();
	}

	private edit(key: string, id: number, value: true | undefined): void {
		const ids = (this.draft.get(key) ?? PersistentMap.empty()).with(
			new Map([[id, value]]),
		);
		this.draft.set(key, ids.size === 0 ? undefined : ids);
	}
}

const byNumber = (a: number, b: number): number => a - b;

/**
 * The reply-direction tuple a packet shows: its own, or for an ICMP error
 * the inverse of the packet it quotes (which carries the translated source
 * port, as the kernel sent it).
 */
export function shownReplyTuple(packet: Packet): Tuple | undefined {
	const inner = packet.icmp?.inner;
	const error =
		packet.protocol === ipProtocol.ICMP
			? icmpErrorTypes.has(packet.icmp?.type ?? -1)
			: packet.protocol === ipProtocol.ICMPV6 &&
				(packet.icmp?.type ?? 255) < 128;
	if (error) return inner ? invertTuple(tupleOf(inner)) : undefined;
	return tupleOf(packet);
}

/** What followChoice needs of the conntrack table. */
export type ChoiceTable = {
	find(
		tuple: Tuple,
		now: number,
	): { readonly entry: ConntrackEntry } | undefined;
	entry(id: number, now: number): ConntrackEntry | undefined;
	hasChoices(reply: Tuple): boolean;
	choiceCandidates(reply: Tuple): number[];
	remove(entry: ConntrackEntry): void;
	insert(entry: ConntrackEntry): void;
};

/**
 * A packet no connection knows, showing a port a pending source NAT could
 * have chosen: the kernel chose that port, so the connection moves there.
 * Returns the connection's id when one moved.
 */
export function followChoice(
	table: ChoiceTable,
	packet: Packet,
	now: number,
): number | undefined {
	const seen = shownReplyTuple(packet);
	if (!seen || !hasPorts(seen.protocol)) return undefined;
	// Most packets meet no pending choice, or belong to a connection: the
	// small index is asked first, the list is built only for a stranger.
	if (!table.hasChoices(seen) || table.find(seen, now)) return undefined;
	for (const id of table.choiceCandidates(seen)) {
		const entry = table.entry(id, now);
		const choice = entry?.portChoice;
		if (!entry || !choice || seen.dport < choice.min || seen.dport > choice.max)
			continue;
		table.remove(entry);
		const { portChoice: _known, ...rest } = entry;
		table.insert({ ...rest, reply: seen });
		return entry.id;
	}
	return undefined;
}
