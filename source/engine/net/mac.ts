/**
 * Ethernet MAC addresses as `-m mac --mac-source` takes them: exactly six
 * colon-separated pairs of hex digits (libxt_mac refuses anything else).
 */

/** Six bytes, or undefined when iptables would say `Invalid MAC address`. */
export function parseMac(text: string): Uint8Array | undefined {
	if (text.length !== 17) return undefined;
	const bytes = new Uint8Array(6);
	for (let i = 0; i < 6; i++) {
		const hi = hexDigit(text.charCodeAt(i * 3));
		const lo = hexDigit(text.charCodeAt(i * 3 + 1));
		if (hi < 0 || lo < 0) return undefined;
		if (i < 5 && text.charCodeAt(i * 3 + 2) !== 58) return undefined;
		bytes[i] = hi * 16 + lo;
	}
	return bytes;
}

function hexDigit(c: number): number {
	if (c >= 48 && c <= 57) return c - 48;
	if (c >= 97 && c <= 102) return c - 87;
	if (c >= 65 && c <= 70) return c - 55;
	return -1;
}

export function formatMac(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}
