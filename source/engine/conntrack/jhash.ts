/**
 * Bob Jenkins' lookup3 hash as the kernel's jhash2() (include/linux/jhash.h).
 * NAT picks an address from a range with it (find_best_ips_proto), so the
 * choice is deterministic and reproducible here.
 */
const initialValue = 0xdeadbeef;

function rol(value: number, shift: number): number {
	return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** jhash2 over 32-bit words. */
export function jhash2(words: readonly number[], initval: number): number {
	let a = (initialValue + (words.length << 2) + initval) >>> 0;
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
	return Math.floor((hash * range) / 2 ** 32);
}
