/**
 * An immutable map with cheap updates: each `with` adds a layer of changes on
 * top of the previous map instead of copying it, and flattens once the layers
 * get deep. Engine state (conntrack, rule state) is replaced per packet while
 * older states stay valid, so a UI can step back for free.
 */
const removed: unique symbol = Symbol("removed");
type Slot<V> = V | typeof removed;

const maxDepth = 24;

export class PersistentMap<K, V> {
	static empty<K, V>(): PersistentMap<K, V> {
		return new PersistentMap<K, V>(undefined, new Map(), 0, 0);
	}

	private readonly parent: PersistentMap<K, V> | undefined;
	private readonly own: ReadonlyMap<K, Slot<V>>;
	private readonly depth: number;
	readonly size: number;

	private constructor(
		parent: PersistentMap<K, V> | undefined,
		own: ReadonlyMap<K, Slot<V>>,
		depth: number,
		size: number,
	) {
		this.parent = parent;
		this.own = own;
		this.depth = depth;
		this.size = size;
	}

	get(key: K): V | undefined {
		for (
			let layer: PersistentMap<K, V> | undefined = this;
			layer;
			layer = layer.parent
		) {
			const slot = layer.own.get(key);
			if (slot !== undefined) return slot === removed ? undefined : slot;
		}
		return undefined;
	}

	has(key: K): boolean {
		return this.get(key) !== undefined;
	}

	/** A new map with `changes` applied; an `undefined` value removes the key. */
	with(changes: ReadonlyMap<K, V | undefined>): PersistentMap<K, V> {
		if (changes.size === 0) return this;
		let size = this.size;
		const own = new Map<K, Slot<V>>();
		for (const [key, value] of changes) {
			const had = this.has(key);
			if (value === undefined) {
				if (had) {
					own.set(key, removed);
					size--;
				}
			} else {
				own.set(key, value);
				if (!had) size++;
			}
		}
		const next = new PersistentMap<K, V>(this, own, this.depth + 1, size);
		return next.depth > maxDepth ? next.flatten() : next;
	}

	entries(): Map<K, V> {
		const layers: PersistentMap<K, V>[] = [];
		for (
			let layer: PersistentMap<K, V> | undefined = this;
			layer;
			layer = layer.parent
		) {
			layers.push(layer);
		}
		const out = new Map<K, V>();
		for (let i = layers.length - 1; i >= 0; i--) {
			for (const [key, slot] of layers[i]?.own ?? []) {
				if (slot === removed) out.delete(key);
				else out.set(key, slot);
			}
		}
		return out;
	}

	private flatten(): PersistentMap<K, V> {
		const flat = this.entries();
		return new PersistentMap<K, V>(undefined, flat, 0, flat.size);
	}
}

/** Collects changes over a persistent map during one packet. */
export class MapDraft<K, V> {
	private readonly changes = new Map<K, V | undefined>();
	private readonly base: PersistentMap<K, V>;

	constructor(base: PersistentMap<K, V>) {
		this.base = base;
	}

	get(key: K): V | undefined {
		return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
	}

	set(key: K, value: V | undefined): void {
		this.changes.set(key, value);
	}

	commit(): PersistentMap<K, V> {
		return this.base.with(this.changes);
	}
}
