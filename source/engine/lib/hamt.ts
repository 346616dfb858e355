/**
 * A hash array mapped trie (Bagwell 2001): 32-way branches indexed by five
 * bits of the key's hash at a time, so a lookup or an update touches about
 * log32(n) nodes and an update copies only that path. Nodes made while one
 * batch is applied carry the batch's `edit` token and are changed in place
 * by later changes of the same batch (Clojure's transients); nodes of
 * earlier versions are never changed, which keeps every version valid.
 */

export type HamtKey = string | number;

/** A batch of changes: nodes made under the same token may be changed in place. */
export type Edit = { readonly token: object };

export type Leaf<K, V> = {
	readonly kind: "leaf";
	readonly hash: number;
	readonly key: K;
	readonly value: V;
};

/** Keys whose 32-bit hashes are all equal. */
type Collision<K, V> = {
	readonly kind: "collision";
	readonly hash: number;
	readonly leaves: Leaf<K, V>[];
};

type Branch<K, V> = {
	readonly kind: "branch";
	edit: object | undefined;
	bitmap: number;
	readonly children: HamtNode<K, V>[];
};

export type HamtNode<K, V> = Leaf<K, V> | Collision<K, V> | Branch<K, V>;

/**
 * How the last `hamtSet` or `hamtRemove` moved the size (-1, 0, +1): kept
 * here rather than returned with the node so that a change allocates only
 * the nodes it copies.
 */
export const sizeChange = { delta: 0 };

/** FNV-1a over UTF-16 units for strings; an integer mix (murmur3 fmix32) for numbers. */
export function hashKey(key: HamtKey): number {
	if (typeof key === "number") {
		let h = Number.isInteger(key) ? key | 0 : hashString(String(key));
		h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
		h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
		return (h ^ (h >>> 16)) | 0;
	}
	return hashString(key);
}

function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	}
	return h | 0;
}

function popcount(x: number): number {
	let v = x - ((x >>> 1) & 0x55555555);
	v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
	return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hamtGet<K extends HamtKey, V>(
	root: HamtNode<K, V> | undefined,
	hash: number,
	key: K,
): V | undefined {
	let node = root;
	let shift = 0;
	while (node !== undefined) {
		if (node.kind === "leaf") return node.key === key ? node.value : undefined;
		if (node.kind === "collision") {
			return node.leaves.find((leaf) => leaf.key === key)?.value;
		}
		const bit = 1 << ((hash >>> shift) & 31);
		if ((node.bitmap & bit) === 0) return undefined;
		node = node.children[popcount(node.bitmap & (bit - 1))];
		shift += 5;
	}
	return undefined;
}

/** The node with `key` set to `value`; `leaf` is the new leaf, made once by the caller. */
export function hamtSet<K extends HamtKey, V>(
	node: HamtNode<K, V> | undefined,
	shift: number,
	leaf: Leaf<K, V>,
	edit: Edit,
): HamtNode<K, V> {
	sizeChange.delta = 1;
	if (node === undefined) return leaf;
	if (node.kind === "leaf") {
		if (node.key !== leaf.key) return join(node, leaf, shift, edit);
		sizeChange.delta = 0;
		return leaf;
	}
	if (node.kind === "collision") {
		if (node.hash !== leaf.hash) return join(node, leaf, shift, edit);
		const leaves = node.leaves.filter((old) => old.key !== leaf.key);
		if (leaves.length < node.leaves.length) sizeChange.delta = 0;
		leaves.push(leaf);
		return { kind: "collision", hash: leaf.hash, leaves };
	}
	const bit = 1 << ((leaf.hash >>> shift) & 31);
	const index = popcount(node.bitmap & (bit - 1));
	if ((node.bitmap & bit) === 0) {
		const branch = editable(node, edit);
		branch.children.splice(index, 0, leaf);
		branch.bitmap |= bit;
		return branch;
	}
	const child = hamtSet(node.children[index], shift + 5, leaf, edit);
	const branch = editable(node, edit);
	branch.children[index] = child;
	return branch;
}

/** The node without `key`; a branch left with one leaf becomes that leaf. */
export function hamtRemove<K extends HamtKey, V>(
	node: HamtNode<K, V> | undefined,
	shift: number,
	hash: number,
	key: K,
	edit: Edit,
): HamtNode<K, V> | undefined {
	sizeChange.delta = 0;
	if (node === undefined) return node;
	if (node.kind === "leaf") {
		if (node.key !== key) return node;
		sizeChange.delta = -1;
		return undefined;
	}
	if (node.kind === "collision") {
		const leaves = node.leaves.filter((leaf) => leaf.key !== key);
		if (leaves.length === node.leaves.length) return node;
		sizeChange.delta = -1;
		const single = leaves.length === 1 ? leaves[0] : undefined;
		return single ?? { kind: "collision", hash: node.hash, leaves };
	}
	const bit = 1 << ((hash >>> shift) & 31);
	if ((node.bitmap & bit) === 0) return node;
	const index = popcount(node.bitmap & (bit - 1));
	const child = hamtRemove(node.children[index], shift + 5, hash, key, edit);
	if (sizeChange.delta === 0) return node;
	const branch = editable(node, edit);
	if (child === undefined) {
		branch.children.splice(index, 1);
		branch.bitmap &= ~bit;
	} else {
		branch.children[index] = child;
	}
	return collapse(branch);
}

/** Calls `visit` on every leaf. */
export function hamtEach<K extends HamtKey, V>(
	node: HamtNode<K, V> | undefined,
	visit: (leaf: Leaf<K, V>) => void,
): void {
	if (node === undefined) return;
	if (node.kind === "leaf") visit(node);
	else if (node.kind === "collision") node.leaves.forEach(visit);
	else for (const child of node.children) hamtEach(child, visit);
}

function editable<K, V>(node: Branch<K, V>, edit: Edit): Branch<K, V> {
	if (node.edit === edit.token) return node;
	return {
		kind: "branch",
		edit: edit.token,
		bitmap: node.bitmap,
		children: node.children.slice(),
	};
}

/** A branch holding a single leaf or collision is replaced by it. */
function collapse<K, V>(branch: Branch<K, V>): HamtNode<K, V> | undefined {
	if (branch.children.length === 0) return undefined;
	const only = branch.children.length === 1 ? branch.children[0] : undefined;
	return only !== undefined && only.kind !== "branch" ? only : branch;
}

/** A branch (or nested branches) holding two nodes whose hashes differ. */
function join<K, V>(
	old: Leaf<K, V> | Collision<K, V>,
	leaf: Leaf<K, V>,
	shift: number,
	edit: Edit,
): HamtNode<K, V> {
	if (old.hash === leaf.hash) {
		const leaves = old.kind === "leaf" ? [old, leaf] : [...old.leaves, leaf];
		return { kind: "collision", hash: leaf.hash, leaves };
	}
	const a = (old.hash >>> shift) & 31;
	const b = (leaf.hash >>> shift) & 31;
	if (a === b) {
		return {
			kind: "branch",
			edit: edit.token,
			bitmap: 1 << a,
			children: [join(old, leaf, shift + 5, edit)],
		};
	}
	return {
		kind: "branch",
		edit: edit.token,
		bitmap: (1 << a) | (1 << b),
		children: a < b ? [old, leaf] : [leaf, old],
	};
}
