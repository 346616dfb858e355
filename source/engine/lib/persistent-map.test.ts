import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hashKey } from "./hamt.js";
import { MapDraft, PersistentMap } from "./persistent-map.js";

type Op = readonly [key: string | number, value: number | undefined];

/** Keys from a small pool so that sets, overwrites and removals mix; some share a hash bucket. */
const key = fc.oneof(
	fc.integer({ min: 0, max: 300 }),
	fc.string({ maxLength: 3 }),
);
const batch = fc.array(
	fc.tuple(key, fc.option(fc.integer(), { nil: undefined })),
	{ maxLength: 40 },
);

function apply(model: Map<string | number, number>, ops: readonly Op[]) {
	const next = new Map(model);
	for (const [k, v] of ops) {
		if (v === undefined) next.delete(k);
		else next.set(k, v);
	}
	return next;
}

describe("PersistentMap", () => {
	test("agrees with a Map after any batches, and old versions keep their contents", () => {
		fc.assert(
			fc.property(fc.array(batch, { maxLength: 30 }), (batches) => {
				const versions: PersistentMap<string | number, number>[] = [
					PersistentMap.empty(),
				];
				const models = [new Map<string | number, number>()];
				for (const ops of batches) {
					const last = versions.at(-1) as PersistentMap<
						string | number,
						number
					>;
					versions.push(last.with(new Map(ops)));
					models.push(
						apply(models.at(-1) as Map<string | number, number>, ops),
					);
				}
				for (const [i, version] of versions.entries()) {
					const model = models[i] as Map<string | number, number>;
					expect(version.size).toBe(model.size);
					expect(version.entries()).toEqual(model);
					for (const k of [...model.keys(), 7, "x", 301]) {
						expect(version.get(k)).toBe(model.get(k));
					}
				}
			}),
		);
	});

	test("keeps keys whose 32-bit hashes collide apart", () => {
		const seen = new Map<number, string>();
		let pair: [string, string] | undefined;
		for (let i = 0; pair === undefined && i < 500_000; i++) {
			const k = `k${i}`;
			const other = seen.get(hashKey(k));
			if (other !== undefined) pair = [other, k];
			seen.set(hashKey(k), k);
		}
		const [a, b] = pair as [string, string];
		const both = PersistentMap.empty<string, number>().with(
			new Map([
				[a, 1],
				[b, 2],
				["other", 3],
			]),
		);
		expect([both.get(a), both.get(b), both.size]).toEqual([1, 2, 3]);
		const one = both.with(new Map([[a, undefined]]));
		expect([one.get(a), one.get(b), one.size, both.get(a)]).toEqual([
			undefined,
			2,
			2,
			1,
		]);
	});

	test("with a reuse token, the latest version agrees with a Map after any batches", () => {
		fc.assert(
			fc.property(fc.array(batch, { maxLength: 30 }), (batches) => {
				const reuse = { token: {} };
				let version = PersistentMap.empty<string | number, number>();
				let model = new Map<string | number, number>();
				for (const ops of batches) {
					version = version.with(new Map(ops), reuse);
					model = apply(model, ops);
					expect(version.size).toBe(model.size);
					expect(version.entries()).toEqual(model);
				}
			}),
		);
	});

	test("a copying change of a reuse run's version is not touched by the run's later changes", () => {
		const reuse = { token: {} };
		const owned = PersistentMap.empty<string, number>().with(
			new Map([
				["a", 1],
				["b", 2],
			]),
			reuse,
		);
		const copy = owned.with(new Map([["c", 3]]));
		const later = owned.with(new Map([["a", undefined]]), reuse);
		expect(copy.entries()).toEqual(
			new Map([
				["a", 1],
				["b", 2],
				["c", 3],
			]),
		);
		expect([later.get("a"), later.get("b"), later.size]).toEqual([
			undefined,
			2,
			1,
		]);
		const other = later.with(new Map([["d", 4]]), { token: {} });
		expect([later.has("d"), other.get("d"), other.size]).toEqual([false, 4, 2]);
	});

	test("a draft reads its own changes before the base", () => {
		const base = PersistentMap.empty<string, number>().with(
			new Map([["a", 1]]),
		);
		const draft = new MapDraft(base);
		draft.set("a", undefined);
		draft.set("b", 2);
		expect([draft.get("a"), draft.get("b")]).toEqual([undefined, 2]);
		const next = draft.commit();
		expect([...next.entries()]).toEqual([["b", 2]]);
		expect(base.get("a")).toBe(1);
	});
});
