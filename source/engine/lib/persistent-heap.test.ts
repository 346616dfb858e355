import fc from "fast-check";
import { expect, test } from "vitest";
import { heapInsert, heapPop, type PersistentHeap } from "./persistent-heap.js";

function drain(heap: PersistentHeap<number>): number[] {
	const out: number[] = [];
	for (let h = heap; h !== undefined; h = heapPop(h)) out.push(h.key);
	return out;
}

test("pops in key order, and every older version keeps its own contents", () => {
	fc.assert(
		fc.property(fc.array(fc.integer({ min: -50, max: 50 })), (keys) => {
			const versions: PersistentHeap<number>[] = [undefined];
			for (const [i, key] of keys.entries())
				versions.push(heapInsert(versions[i], key, i));
			for (const [i, version] of versions.entries()) {
				const expected = keys.slice(0, i).sort((a, b) => a - b);
				expect(drain(version)).toEqual(expected);
			}
		}),
	);
});
