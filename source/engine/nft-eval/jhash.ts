/**
 * The kernel's jhash (include/linux/jhash.h, Bob Jenkins' lookup3) as
 * nft_jhash_eval uses it: the key's register bytes hashed with the rule's
 * seed, scaled into [0, mod) by reciprocal_scale, plus the offset. With an
 * explicit `seed` the result is the kernel's exactly; without one the kernel
 * draws a random seed when the rule is added.
 */

const initval = 0xdeadbeef;

function rol32(word: number, shift: number): number {
	return ((word << shift) | (word >>> (32 - shift))) >>> 0;
}

type State = [number, number, number];

/** __jhash_mix */
function mix(s: State): void {
	let [a, b, c] = s;
	a = (a - c) >>> 0;
	a = (a ^ rol32(c, 4)) >>> 0;
	c = (c + b) >>> 0;
	b = (b - a) >>> 0;
	b = (b ^ rol32(a, 6)) >>> 0;
	a = (a + c) >>> 0;
	c = (c - b) >>> 0;
	c = (c ^ rol32(b, 8)) >>> 0;
	b = (b + a) >>> 0;
	a = (a - c) >>> 0;
	a = (a ^ rol32(c, 16)) >>> 0;
	c = (c + b) >>> 0;
	b = (b - a) >>> 0;
	b = (b ^ rol32(a, 19)) >>> 0;
	a = (a + c) >>> 0;
	c = (c - b) >>> 0;
	c = (c ^ rol32(b, 4)) >>> 0;
	b = (b + a) >>> 0;
	s[0] = a;
	s[1] = b;
	s[2] = c;
}

/** __jhash_final */
function final(s: State): void {
	let [a, b, c] = s;
	c = ((c ^ b) - rol32(b, 14)) >>> 0;
	a = ((a ^ c) - rol32(c, 11)) >>> 0;
	b = ((b ^ a) - rol32(a, 25)) >>> 0;
	c = ((c ^ b) - rol32(b, 16)) >>> 0;
	a = ((a ^ c) - rol32(c, 4)) >>> 0;
	b = ((b ^ a) - rol32(a, 14)) >>> 0;
	c = ((c ^ b) - rol32(b, 24)) >>> 0;
	s[0] = a;
	s[1] = b;
	s[2] = c;
}

/** Little-endian 32-bit word of up to 4 bytes from `at` (the CPU's reading on x86). */
function word(key: Uint8Array, at: number, count = 4): number {
	let value = 0;
	for (let i = count - 1; i >= 0; i--) value = value * 256 + (key[at + i] ?? 0);
	return value >>> 0;
}

/** jhash(key, length, seed) over bytes. */
export function jhash(key: Uint8Array, seed: number): number {
	let length = key.length;
	const start = (initval + length + seed) >>> 0;
	const s: State = [start, start, start];
	let at = 0;
	while (length > 12) {
		s[0] = (s[0] + word(key, at)) >>> 0;
		s[1] = (s[1] + word(key, at + 4)) >>> 0;
		s[2] = (s[2] + word(key, at + 8)) >>> 0;
		mix(s);
		length -= 12;
		at += 12;
	}
	if (length === 0) return s[2];
	// The tail: bytes added into a, b, c as a little-endian read would.
	s[0] = (s[0] + word(key, at, Math.min(length, 4))) >>> 0;
	if (length > 4)
		s[1] = (s[1] + word(key, at + 4, Math.min(length - 4, 4))) >>> 0;
	if (length > 8) s[2] = (s[2] + word(key, at + 8, length - 8)) >>> 0;
	final(s);
	return s[2];
}

/** reciprocal_scale: a 32-bit hash mapped onto [0, mod). */
export function reciprocalScale(hash: number, mod: number): number {
	return Number((BigInt(hash >>> 0) * BigInt(mod)) >> 32n);
}
