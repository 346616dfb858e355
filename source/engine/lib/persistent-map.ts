/**
 * An immutable map with cheap updates: `with` returns a new map that shares
 * all but the changed paths of a hash trie with the old one (see hamt.ts),
 * so an update costs O(log n) whatever the size. Engine state (conntrack,
 * rule state) is replaced per packet while older states stay valid, so a UI
 * can step back for free.
 */
import {
	type Edit,
	type HamtKey,
	type HamtNode,
	hamtEach,
	hamtGet,
	hamtRemove,
	hamtSet,
	hashKey,
	sizeChange,
} from "./hamt.js";

/** Marks a key removed in a draft, so that one lookup tells removed from untouched. */
const removed: unique symbol = Symbol("removed");
type Removed = typeof removed;

export class PersistentMap<K extends HamtKey, V> {
	static empty<K extends HamtKey, V>(): PersistentMap<K, V> {
		return new PersistentMap<K, V>(undefined, 0);
	}

	private readonly root: HamtNode<K, V> | undefined;
	readonly size: number;

	private constructor(root: HamtNode<K, V> | undefined, size: number) {
		this.root = root;
		this.size = size;
	}

	get(key: K): V | undefined {
		return hamtGet(this.root, hashKey(key), key);
	}

	has(key: K): boolean {
		return this.get(key) !== undefined;
	}

	/**
	 * A new map with `changes` applied; an `undefined` value removes the key.
	 * With `reuse`, nodes made under the same token by earlier calls are
	 * changed in place: the maps those calls returned must not be read again.
	 */
	with(
		changes: ReadonlyMap<K, V | undefined | Removed>,
		reuse?: Edit,
	): PersistentMap<K, V> {
		if (changes.size === 0) return this;
		const edit: Edit = reuse ?? { token: {} };
		let root = this.root;
		let size = this.size;
		for (const [key, value] of changes) {
			const hash = hashKey(key);
			root =
				value === undefined || value === removed
					? hamtRemove(root, 0, hash, key, edit)
					: hamtSet(root, 0, { kind: "leaf", hash, key, value }, edit);
			size += sizeChange.delta;
		}
		return new PersistentMap<K, V>(root, size);
	}

	/** Every key and value, in no particular order. */
	entries(): Map<K, V> {
		const out = new Map<K, V>();
		hamtEach(this.root, (leaf) => out.set(leaf.key, leaf.value));
		return out;
	}
}

/**
 * Collects changes over a persistent map during one packet. Given a `reuse`
 * token (see `PersistentMap.with`), the commit may change the base's nodes
 * made under that token in place: for a caller that never reads the base again.
 */
export class MapDraft<K extends HamtKey, V> {
	/** Made at the first change: most packets change few of their drafts. */
	private changes: Map<K, V | Removed> | undefined;
	private readonly base: PersistentMap<K, V>;
	private readonly reuse: Edit | undefined;

	constructor(base: PersistentMap<K, V>, reuse?: Edit) {
		this.base = base;
		this.reuse = reuse;
	}

	get(key: K): V | undefined {
		const changed = this.changes?.get(key);
		if (changed === undefined) return this.base.get(key);
		return changed === removed ? undefined : changed;
	}

	set(key: K, value: V | undefined): void {
		this.changes ??= new Map();
		this.changes.set(key, value === undefined ? removed : value);
	}

	commit(): PersistentMap<K, V> {
		return this.changes ? this.base.with(this.changes, this.reuse) : this.base;
	}
}
