/**
 * The conntrack table: confirmed entries by id, and both tuples of each in
 * one index, as the kernel's hash holds both directions. Entries leave when
 * their timeout passes, as the kernel's garbage collector removes them: each
 * entry's deadline is filed by the second (deadlines.ts), so a packet pays
 * only for the entries that are due, however many connections there are.
 * An entry is dead once its timeout is at or before the packet's time or the
 * latest time the table was swept at (the table's clock never runs back),
 * whether or not the sweep has removed it yet.
 */
import type { Edit } from "../lib/hamt.js";
import { MapDraft, PersistentMap } from "../lib/persistent-map.js";
import { type Deadlines, DeadlinesDraft, noDeadlines } from "./deadlines.js";
import { ChoiceDraft, type ChoiceIndex } from "./nat-choice.js";
import { tuplesEqual } from "./tuple.js";
import type { ConntrackEntry, Tuple } from "./types.js";
import {
	type CtZone,
	type CtZoneDirection,
	defaultZone,
	zonedTupleKey,
	zoneIdIn,
} from "./zone.js";

export type ConntrackTable = {
	readonly entries: PersistentMap<number, ConntrackEntry>;
	readonly index: PersistentMap<string, number>;
	/**
	 * Entry ids by a time (seconds) at or after which they expire. An entry
	 * whose timeout was extended is filed again when its old time comes.
	 */
	readonly deadlines: Deadlines;
	/** The latest packet time the table was swept at (seconds). */
	readonly sweptAt: number;
	readonly nextId: number;
	/** Source NAT connections waiting to learn the port the kernel chose. */
	readonly choices: ChoiceIndex;
};

export function emptyConntrackTable(): ConntrackTable {
	return {
		entries: PersistentMap.empty(),
		index: PersistentMap.empty(),
		deadlines: noDeadlines,
		sweptAt: Number.NEGATIVE_INFINITY,
		nextId: 1,
		choices: PersistentMap.empty(),
	};
}

export type Found = {
	readonly entry: ConntrackEntry;
	readonly direction: "original" | "reply";
};

/** Where the kernel's hash files one direction of a connection: its tuple in that direction's zone. */
function keyOf(entry: ConntrackEntry, direction: CtZoneDirection): string {
	return zonedTupleKey(entry[direction], zoneIdIn(entry, direction));
}

/** A table being changed by one packet. */
export class ConntrackDraft {
	private readonly entries: MapDraft<number, ConntrackEntry>;
	private readonly index: MapDraft<string, number>;
	private readonly choices: ChoiceDraft;
	/** Made when a deadline is filed or falls due: most packets do neither. */
	private deadlinesDraft: DeadlinesDraft | undefined;
	private sweptAt: number;
	private nextId: number;
	private readonly base: ConntrackTable;
	private readonly reuse: Edit | undefined;

	/** `reuse`: see `MapDraft` (the table's maps are changed in place). */
	constructor(table: ConntrackTable, reuse?: Edit) {
		this.base = table;
		this.reuse = reuse;
		this.entries = new MapDraft(table.entries, reuse);
		this.index = new MapDraft(table.index, reuse);
		this.choices = new ChoiceDraft(table.choices, reuse);
		this.sweptAt = table.sweptAt;
		this.nextId = table.nextId;
	}

	private get deadlines(): DeadlinesDraft {
		this.deadlinesDraft ??= new DeadlinesDraft(this.base.deadlines, this.reuse);
		return this.deadlinesDraft;
	}

	/** Removes the entries whose timeout has passed at `now` (gc_worker). */
	expire(now: number): void {
		if (now > this.sweptAt) this.sweptAt = now;
		// Nothing filed before: only a second that has come makes the draft.
		const soonest = this.base.deadlines.seconds;
		if (
			this.deadlinesDraft === undefined &&
			(soonest === undefined || soonest.key > now)
		)
			return;
		this.deadlines.sweep(now, this);
	}

	/** An id filed for a second that has come: removed if dead, else filed at its timeout. */
	due(id: number): void {
		const entry = this.entries.get(id);
		if (entry === undefined) return;
		if (this.dead(entry, this.sweptAt)) this.remove(entry);
		else this.file(entry);
	}

	/** True once the entry's timeout has passed at `now` or at the last sweep. */
	private dead(entry: ConntrackEntry, now: number): boolean {
		return entry.expires <= now || entry.expires <= this.sweptAt;
	}

	allocateId(): number {
		return this.nextId++;
	}

	/**
	 * Finds a live entry; expired ones are removed as the kernel's GC would.
	 * The packet's `zone` (its CT template's, else zone 0) is part of the key:
	 * resolve_normal_ct hashes the tuple with the zone of the original
	 * direction, then, when the zone differs per direction, with that of the
	 * reply direction; nf_ct_key_equal compares the zones of the direction
	 * found. An ICMP error's quoted tuple is looked up once
	 * (`replyZoneToo` false, nf_conntrack_find_get).
	 */
	find(
		tuple: Tuple,
		now: number,
		zone: CtZone = defaultZone,
		replyZoneToo = true,
	): Found | undefined {
		const found = this.lookup(tuple, now, zone, "original");
		if (found !== undefined || !replyZoneToo) return found;
		if (zoneIdIn(zone, "reply") === zoneIdIn(zone, "original"))
			return undefined;
		return this.lookup(tuple, now, zone, "reply");
	}

	/**
	 * True when some confirmed connection uses this reply tuple in either
	 * direction, in the zone of the connection asking
	 * (nf_conntrack_tuple_taken hashes the reply direction's zone).
	 */
	taken(tuple: Tuple, now: number, zone: CtZone = defaultZone): boolean {
		return this.lookup(tuple, now, zone, "reply") !== undefined;
	}

	private lookup(
		tuple: Tuple,
		now: number,
		zone: CtZone,
		hashedAs: CtZoneDirection,
	): Found | undefined {
		const id = this.index.get(zonedTupleKey(tuple, zoneIdIn(zone, hashedAs)));
		if (id === undefined) return undefined;
		const entry = this.entries.get(id);
		if (!entry) return undefined;
		const direction = tuplesEqual(entry.original, tuple) ? "original" : "reply";
		if (zoneIdIn(entry, direction) !== zoneIdIn(zone, direction))
			return undefined;
		if (this.dead(entry, now)) {
			this.remove(entry);
			return undefined;
		}
		return { entry, direction };
	}

	insert(entry: ConntrackEntry): void {
		this.file(entry);
		this.choices.changed(this.entries.get(entry.id), entry);
		this.entries.set(entry.id, entry);
		this.index.set(keyOf(entry, "original"), entry.id);
		this.index.set(keyOf(entry, "reply"), entry.id);
	}

	update(entry: ConntrackEntry): void {
		const old = this.entries.get(entry.id);
		if (!old) return;
		// A shorter timeout (ESTABLISHED to FIN_WAIT) needs an earlier deadline.
		if (entry.expires < old.expires) this.file(entry);
		this.choices.changed(old, entry);
		this.entries.set(entry.id, entry);
	}

	/** A live confirmed entry by id. */
	entry(id: number, now: number): ConntrackEntry | undefined {
		const entry = this.entries.get(id);
		return entry !== undefined && !this.dead(entry, now) ? entry : undefined;
	}

	/** Whether some connection's source NAT port may be revealed by a packet showing `reply`. */
	hasChoices(reply: Tuple): boolean {
		return this.choices.has(reply);
	}

	/** Ids of connections whose source NAT port a packet showing `reply` may reveal. */
	choiceCandidates(reply: Tuple): number[] {
		return this.choices.candidates(reply);
	}

	private file(entry: ConntrackEntry): void {
		this.deadlines.file(entry.id, entry.expires);
	}

	remove(entry: ConntrackEntry): void {
		this.choices.changed(this.entries.get(entry.id) ?? entry, undefined);
		this.entries.set(entry.id, undefined);
		for (const direction of ["original", "reply"] as const) {
			const key = keyOf(entry, direction);
			if (this.index.get(key) === entry.id) this.index.set(key, undefined);
		}
	}

	isConfirmed(id: number): boolean {
		const entry = this.entries.get(id);
		return entry !== undefined && !this.dead(entry, this.sweptAt);
	}

	commit(): ConntrackTable {
		const entries = this.entries.commit();
		const index = this.index.commit();
		const choices = this.choices.commit();
		const deadlines = this.deadlinesDraft?.commit() ?? this.base.deadlines;
		const base = this.base;
		// Most packets of a known connection change it; some change nothing.
		if (
			entries === base.entries &&
			index === base.index &&
			choices === base.choices &&
			deadlines === base.deadlines &&
			this.sweptAt === base.sweptAt &&
			this.nextId === base.nextId
		)
			return base;
		return {
			entries,
			index,
			deadlines,
			sweptAt: this.sweptAt,
			nextId: this.nextId,
			choices,
		};
	}
}
