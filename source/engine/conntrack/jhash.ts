/**
 * Bob Jenkins' lookup3 hash as the kernel's jhash2() and jhash()
 * (include/linux/jhash.h). NAT picks an address from a range with jhash2
 * (find_best_ips_proto) and nft's `jhash ... seed` hashes register bytes with
 * jhash, so both choices are deterministic and reproducible here.
 */
const initialValue = 0xdeadbeef;

function rol(value: number, shift: number): number {
	return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** jhash2 over 32-bit words. */
export function jhash2(words: readonly number[], initval: number): number {
	return lookup3(words, initialValue + (words.length << 2) + initval);
}

/**
 * jhash(key, length, seed) over bytes: the same rounds over the bytes read
 * as little-endian words (x86), the last one zero-padded, which is what
 * jhash's byte-wise tail adds.
 */
export function jhash(key: Uint8Array, seed: number): number {
	const words: number[] = [];
	for (let at = 0; at < key.length; at += 4) {
		let value = 0;
		for (let i = Math.min(3, key.length - at - 1); i >= 0; i--)
			value = value * 256 + (key[at + i] ?? 0);
		words.push(value >>> 0);
	}
	return lookup3(words, initialValue + key.length + seed);
}

function lookup3(words: readonly number[], start: number): number {
	let a = start >>> 0;
	let b = a;
	let c = a;
	let index = 0;
	let length = words.length;
	while (length > 3) {
		a = (a + (words[index] ?? 0)) >>> 0;
		b = (b + (words[index + 1] ?? 0)) >>> 0;
		c = (c + (words[index + 2] ?? 0)) >>> 0;
		a = (a - c) >>> 0;
		a = (a ^ rol(c, 4)) >>> 0;
		c = (c + b) >>> 0;
		b = (b - a) >>> 0;
		b = (b ^ rol(a, 6)) >>> 0;
		a = (a + c) >>> 0;
		c = (c - b) >>> 0;
		c = (c ^ rol(b, 8)) >>> 0;
		b = (b + a) >>> 0;
		a = (a - c) >>> 0;
		a = (a ^ rol(c, 16)) >>> 0;
		c = (c + b) >>> 0;
		b = (b - a) >>> 0;
		b = (b ^ rol(a, 19)) >>> 0;
		a = (a + c) >>> 0;
		c = (c - b) >>> 0;
		c = (c ^ rol(b, 4)) >>> 0;
		b = (b + a) >>> 0;
		length -= 3;
		index += 3;
	}
	if (length === 0) return c;
	if (length === 3) c = (c + (words[index + 2] ?? 0)) >>> 0;
	if (length >= 2) b = (b + (words[index + 1] ?? 0)) >>> 0;
	a = (a + (words[index] ?? 0)) >>> 0;
	c = ((c ^ b) - rol(b, 14)) >>> 0;
	a = ((a ^ c) - rol(c, 11)) >>> 0;
	b = ((b ^ a) - rol(a, 25)) >>> 0;
	c = ((c ^ b) - rol(b, 16)) >>> 0;
	a = ((a ^ c) - rol(c, 4)) >>> 0;
	b = ((b ^ a) - rol(a, 14)) >>> 0;
	c = ((c ^ b) - rol(b, 24)) >>> 0;
	return c;
}

/** An IPv4 address as the kernel stores it in a u32 (network byte order read on a little-endian CPU). */
export function networkOrderWord(address: number): number {
	return (
		(((address & 0xff) << 24) |
			((address & 0xff00) << 8) |
			((address >>> 8) & 0xff00) |
			(address >>> 24)) >>>
		0
	);
}

/** reciprocal_scale(): maps a 32-bit hash onto [0, range). */
export function reciprocalScale(hash: number, range: number): number {
	const product = (hash >>> 0) * range;
	// Past 2^53 a double loses the low bits the shift would keep.
	if (product <= Number.MAX_SAFE_INTEGER) return Math.floor(product / 2 ** 32);
	return Number((BigInt(hash >>> 0) * BigInt(range)) >> 32n);
}
