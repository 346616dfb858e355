/**
 * A persistent min-heap (a leftist heap, Okasaki's "Purely Functional Data
 * Structures" §3.1): insert and remove-min cost O(log n) and share the rest
 * of the tree, so older versions stay valid. Conntrack files its entries'
 * deadlines here so that expiring them costs only for those that are due.
 */

export type HeapNode<T> = {
	/** Length of the right spine: the leftist invariant keeps it O(log n). */
	readonly rank: number;
	readonly key: number;
	readonly item: T;
	readonly left: HeapNode<T> | undefined;
	readonly right: HeapNode<T> | undefined;
};

export type PersistentHeap<T> = HeapNode<T> | undefined;

function rank<T>(heap: PersistentHeap<T>): number {
	return heap === undefined ? 0 : heap.rank;
}

function node<T>(
	root: HeapNode<T>,
	a: PersistentHeap<T>,
	b: PersistentHeap<T>,
): HeapNode<T> {
	const swap = rank(a) < rank(b);
	const left = swap ? b : a;
	const right = swap ? a : b;
	return { rank: rank(right) + 1, key: root.key, item: root.item, left, right };
}

/** The two heaps as one; ties keep `a`'s item first. */
export function heapMerge<T>(
	a: PersistentHeap<T>,
	b: PersistentHeap<T>,
): PersistentHeap<T> {
	if (a === undefined) return b;
	if (b === undefined) return a;
	if (b.key < a.key) return node(b, b.left, heapMerge(a, b.right));
	return node(a, a.left, heapMerge(a.right, b));
}

export function heapInsert<T>(
	heap: PersistentHeap<T>,
	key: number,
	item: T,
): PersistentHeap<T> {
	const single: HeapNode<T> = {
		rank: 1,
		key,
		item,
		left: undefined,
		right: undefined,
	};
	return heapMerge(heap, single);
}

/** The heap without its minimum. */
export function heapPop<T>(heap: HeapNode<T>): PersistentHeap<T> {
	return heapMerge(heap.left, heap.right);
}
