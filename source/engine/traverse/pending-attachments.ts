/**
 * Attachments waiting for their packet (attachments.ts), found by the
 * packet's key and forgotten when their time is up. A persistent map by key
 * and a persistent heap of deadlines: adding, taking and forgetting one cost
 * O(log n) whatever else is waiting, and a packet that meets none pays
 * nothing, so a stream of REJECT replies or ICMP errors that never show up in
 * the log does not make every later packet scan them all.
 */

import type { Edit } from "../lib/hamt.js";
import {
	heapInsert,
	heapPop,
	type PersistentHeap,
} from "../lib/persistent-heap.js";
import { MapDraft, PersistentMap } from "../lib/persistent-map.js";
import type { Attachment } from "./engine-state.js";

export type PendingAttachments = {
	/** The waiting attachments by their packet's key, oldest first. */
	readonly byKey: PersistentMap<string, readonly Attachment[]>;
	/** Each attachment's `until`, with its key. */
	readonly deadlines: PersistentHeap<string>;
	/** How many are waiting. */
	readonly size: number;
};

export const noPendingAttachments: PendingAttachments = {
	byKey: PersistentMap.empty(),
	deadlines: undefined,
	size: 0,
};

/** The waiting attachments as one packet changes them. */
export class AttachmentsDraft {
	private readonly byKey: MapDraft<string, readonly Attachment[]>;
	private deadlines: PersistentHeap<string>;
	private count: number;
	private readonly base: PendingAttachments;

	/**
	 * The attachments still waiting at `now` (seconds): those whose `until`
	 * passed are forgotten. `reuse`: see `MapDraft`.
	 */
	constructor(base: PendingAttachments, now: number, reuse?: Edit) {
		this.base = base;
		this.byKey = new MapDraft(base.byKey, reuse);
		this.deadlines = base.deadlines;
		this.count = base.size;
		for (let due = this.deadlines; due !== undefined && due.key <= now; ) {
			this.deadlines = heapPop(due);
			const waiting = this.byKey.get(due.item) ?? [];
			const kept = waiting.filter((a) => a.until > now);
			this.count -= waiting.length - kept.length;
			this.byKey.set(due.item, kept.length === 0 ? undefined : kept);
			due = this.deadlines;
		}
	}

	get size(): number {
		return this.count;
	}

	add(attachment: Attachment): void {
		const waiting = this.byKey.get(attachment.key) ?? [];
		this.byKey.set(attachment.key, [...waiting, attachment]);
		this.deadlines = heapInsert(
			this.deadlines,
			attachment.until,
			attachment.key,
		);
		this.count++;
	}

	/** Takes the oldest attachment waiting for a packet with this key. */
	take(key: string): Attachment | undefined {
		const waiting = this.byKey.get(key);
		const first = waiting?.[0];
		if (waiting === undefined || first === undefined) return undefined;
		this.byKey.set(key, waiting.length === 1 ? undefined : waiting.slice(1));
		this.count--;
		return first;
	}

	commit(): PendingAttachments {
		const byKey = this.byKey.commit();
		if (byKey === this.base.byKey && this.deadlines === this.base.deadlines)
			return this.base;
		return { byKey, deadlines: this.deadlines, size: this.count };
	}
}
