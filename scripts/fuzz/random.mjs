/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same
 * scenario on every machine, so a fuzz failure can be replayed by its seed.
 */

/** @param {number} seed */
export function createRandom(seed) {
	let state = seed >>> 0 || 0x9e3779b9;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	/** An integer in [min, max]. */
	const int = (min, max) => min + Math.floor(next() * (max - min + 1));
	/** One element of a non-empty list. */
	const pick = (list) => list[int(0, list.length - 1)];
	/** True with probability p. */
	const chance = (p) => next() < p;
	return { next, int, pick, chance };
}
