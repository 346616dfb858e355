/**
 * The conntrack table: confirmed entries by id, and both tuples of each in
 * one index, as the kernel's hash holds both directions.
 */
import { MapDraft, PersistentMap } from "../lib/persistent-map.js";
import { tupleKey } from "./tuple.js";
import type { ConntrackEntry, Tuple } from "./types.js";

export type ConntrackTable = {
	readonly entries: PersistentMap<number, ConntrackEntry>;
	readonly index: PersistentMap<string, number>;
	readonly nextId: number;
};

export function emptyConntrackTable(): ConntrackTable {
	return {
		entries: PersistentMap.empty(),
		index: PersistentMap.empty(),
		nextId: 1,
	};
}

export type Found = {
	readonly entry: ConntrackEntry;
	readonly direction: "original" | "reply";
};

/** A table being changed by one packet. */
export class ConntrackDraft {
	private readonly entries: MapDraft<number, ConntrackEntry>;
	private readonly index: MapDraft<string, number>;
	private nextId: number;

	constructor(table: ConntrackTable) {
		this.entries = new MapDraft(table.entries);
		this.index = new MapDraft(table.index);
		this.nextId = table.nextId;
	}

	allocateId(): number {
		return this.nextId++;
	}

	/**
	 * Finds a live entry; expired ones are removed as the kernel's GC would.
	 * With `zone`, only a connection of that conntrack zone is found (zones
	 * are separate tables; one tuple in two zones is not modelled).
	 */
	find(tuple: Tuple, now: number, zone?: number): Found | undefined {
		const id = this.index.get(tupleKey(tuple));
		if (id === undefined) return undefined;
		const entry = this.entries.get(id);
		if (!entry) return undefined;
		if (zone !== undefined && entry.zone !== zone) return undefined;
		if (entry.expires <= now) {
			this.remove(entry);
			return undefined;
		}
		const direction =
			tupleKey(entry.original) === tupleKey(tuple) ? "original" : "reply";
		return { entry, direction };
	}

	/** True when some confirmed connection uses this tuple in either direction (nf_conntrack_tuple_taken). */
	taken(tuple: Tuple, now: number): boolean {
		return this.find(tuple, now) !== undefined;
	}

	insert(entry: ConntrackEntry): void {
		this.entries.set(entry.id, entry);
		this.index.set(tupleKey(entry.original), entry.id);
		this.index.set(tupleKey(entry.reply), entry.id);
	}

	update(entry: ConntrackEntry): void {
		if (this.entries.get(entry.id)) this.entries.set(entry.id, entry);
	}

	remove(entry: ConntrackEntry): void {
		this.entries.set(entry.id, undefined);
		if (this.index.get(tupleKey(entry.original)) === entry.id) {
			this.index.set(tupleKey(entry.original), undefined);
		}
		if (this.index.get(tupleKey(entry.reply)) === entry.id) {
			this.index.set(tupleKey(entry.reply), undefined);
		}
	}

	isConfirmed(id: number): boolean {
		return this.entries.get(id) !== undefined;
	}

	commit(): ConntrackTable {
		return {
			entries: this.entries.commit(),
			index: this.index.commit(),
			nextId: this.nextId,
		};
	}
}
