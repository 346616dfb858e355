/**
 * An immutable map with cheap updates: `with` returns a new map that shares
 * all but the changed paths of a hash trie with the old one (see hamt.ts),
 * so an update costs O(log n) whatever the size. Engine state (conntrack,
 * rule state) is replaced per packet while older states stay valid, so a UI
 * can step back for free.
 *
 * A run that never reads an older version again (a replay: `with` given a
 * `reuse` token) keeps its entries in one mutable `Map` instead, changed in
 * place by each later `with` under the same token: a lookup is one hash
 * probe instead of a walk down the trie, an update allocates nothing. Only
 * the latest version of such a run is valid.
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
		return new PersistentMap<K, V>(undefined, 0, undefined, undefined);
	}

	private readonly root: HamtNode<K, V> | undefined;
	/**
	 * Set instead of `root` for a version made under a reuse token: the
	 * run's entries, changed in place by its next `with` under `owner`.
	 */
	private readonly owned: Map<K, V> | undefined;
	private readonly owner: object | undefined;
	readonly size: number;

	private constructor(
		root: HamtNode<K, V> | undefined,
		size: number,
		owned: Map<K, V> | undefined,
		owner: object | undefined,
	) {
		this.root = root;
		this.size = size;
		this.owned = owned;
		this.owner = owner;
	}

	get(key: K): V | undefined {
		if (this.owned !== undefined) return this.owned.get(key);
		return hamtGet(this.root, hashKey(key), key);
	}

	has(key: K): boolean {
		return this.get(key) !== undefined;
	}

	/**
	 * A new map with `changes` applied; an `undefined` value removes the key.
	 * With `reuse`, the entries a version made under the same token holds
	 * are changed in place: the maps earlier calls returned must not be read
	 * again.
	 */
	with(
		changes: ReadonlyMap<K, V | undefined | Removed>,
		reuse?: Edit,
	): PersistentMap<K, V> {
		if (changes.size === 0) return this;
		if (reuse !== undefined) return this.withInPlace(changes, reuse.token);
		const edit: Edit = { token: {} };
		let root = this.owned === undefined ? this.root : this.trie();
		let size = this.size;
		for (const [key, value] of changes) {
			const hash = hashKey(key);
			root =
				value === undefined || value === removed
					? hamtRemove(root, 0, hash, key, edit)
					: hamtSet(root, 0, { kind: "leaf", hash, key, value }, edit);
			size += sizeChange.delta;
		}
		return new PersistentMap<K, V>(root, size, undefined, undefined);
	}

	/** `with` under a reuse token: the first time, the entries are copied into the run's own Map. */
	private withInPlace(
		changes: ReadonlyMap<K, V | undefined | Removed>,
		token: object,
	): PersistentMap<K, V> {
		const map =
			this.owned !== undefined && this.owner === token
				? this.owned
				: this.entries();
		for (const [key, value] of changes) {
			if (value === undefined || value === removed) map.delete(key);
			else map.set(key, value);
		}
		return new PersistentMap<K, V>(undefined, map.size, map, token);
	}

	/** The entries of an owned version as a trie, for a `with` that must copy. */
	private trie(): HamtNode<K, V> | undefined {
		const edit: Edit = { token: {} };
		let root: HamtNode<K, V> | undefined;
		for (const [key, value] of this.owned ?? []) {
			const leaf = { kind: "leaf", hash: hashKey(key), key, value } as const;
			root = hamtSet(root, 0, leaf, edit);
		}
		return root;
	}

	/** Every key and value, in no particular order (a copy the caller may change). */
	entries(): Map<K, V> {
		if (this.owned !== undefined) return new Map(this.owned);
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
