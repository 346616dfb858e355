/**
 * When conntrack entries fall due, filed by the whole second (rounded up):
 * a persistent heap holds each second that has deadlines once, and a
 * persistent map holds the ids due in it. Filing an id costs one map update
 * (a new second also one heap insert), and a second that comes due costs one
 * heap removal for all its ids, so the per-packet work does not grow with
 * the table: a heap of every deadline paid O(log n) allocations per filing.
 * Like the kernel's gc_worker, the sweep may run a little after an entry
 * expired (here under a second of packet time); lookups check the entry's
 * own timeout, so nothing sees an expired entry as alive.
 */

import type { Edit } from "../lib/hamt.js";
import {
	heapInsert,
	heapPop,
	type PersistentHeap,
} from "../lib/persistent-heap.js";
import { MapDraft, PersistentMap } from "../lib/persistent-map.js";

/** Ids due in one second, newest first (a persistent list: filing shares the rest). */
export type DueIds = { readonly id: number; readonly next: DueIds | undefined };

export type Deadlines = {
	/** The seconds that have ids due, soonest first. */
	readonly seconds: PersistentHeap<number>;
	readonly due: PersistentMap<number, DueIds>;
};

export const noDeadlines: Deadlines = {
	seconds: undefined,
	due: PersistentMap.empty(),
};

/** Deadlines being changed by one packet. */
export class DeadlinesDraft {
	private seconds: PersistentHeap<number>;
	private readonly due: MapDraft<number, DueIds>;
	private readonly base: Deadlines;

	/** `reuse`: see `MapDraft`. */
	constructor(base: Deadlines, reuse?: Edit) {
		this.base = base;
		this.seconds = base.seconds;
		this.due = new MapDraft(base.due, reuse);
	}

	/** Files `id` to come due at `time` (seconds; checked at the next whole second). */
	file(id: number, time: number): void {
		const second = Math.ceil(time);
		const ids = this.due.get(second);
		if (ids === undefined)
			this.seconds = heapInsert(this.seconds, second, second);
		this.due.set(second, { id, next: ids });
	}

	/**
	 * Hands each id filed for a second that has come at `now` to `owner.due`,
	 * and forgets those seconds. `due` may file again (a later second).
	 */
	sweep(now: number, owner: { due(id: number): void }): void {
		for (let soonest = this.seconds; soonest !== undefined; ) {
			if (soonest.key > now) return;
			this.seconds = heapPop(soonest);
			let ids = this.due.get(soonest.key);
			this.due.set(soonest.key, undefined);
			for (; ids !== undefined; ids = ids.next) owner.due(ids.id);
			soonest = this.seconds;
		}
	}

	commit(): Deadlines {
		const due = this.due.commit();
		if (due === this.base.due && this.seconds === this.base.seconds)
			return this.base;
		return { seconds: this.seconds, due };
	}
}
