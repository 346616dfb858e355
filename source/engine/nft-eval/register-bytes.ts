/**
 * The bytes an nft expression leaves in its register, as hashing sees them
 * (nft_jhash reads `len` bytes from the source register): header fields in
 * network byte order at their width, meta and ct keys in host byte order
 * (little-endian here), interface names NUL-padded to 16 bytes. Each part
 * of a concatenation takes whole 32-bit registers (NFT_REG32_SIZE padding).
 */
import { ipv6Bytes } from "../net/ipv6-text.js";
import { datatypeOf } from "../nft/expr-type.js";
import type { NftExpr } from "../nft/model.js";
import type { NftValue } from "./datatypes.js";

/** Header field widths in bytes that differ from their datatype's. */
const payloadWidths: Readonly<Record<string, number>> = {
	"ip ttl": 1,
	"ip protocol": 1,
	"ip length": 2,
	"ip id": 2,
	"ip6 nexthdr": 1,
	"ip6 hoplimit": 1,
	"ip6 length": 2,
	"tcp sequence": 4,
	"tcp ackseq": 4,
	"tcp window": 2,
	"tcp flags": 1,
	"udp length": 2,
	"icmp type": 1,
	"icmp code": 1,
	"icmp id": 2,
	"icmp sequence": 2,
	"icmpv6 type": 1,
	"icmpv6 code": 1,
};

const datatypeWidths: Readonly<Record<string, number>> = {
	ipv4_addr: 4,
	ipv6_addr: 16,
	inet_service: 2,
	inet_proto: 1,
	ifname: 16,
};

function bigEndian(value: number, width: number): number[] {
	return Array.from(
		{ length: width },
		(_, i) => Math.floor(value / 256 ** (width - 1 - i)) % 256,
	);
}

function littleEndian(value: number, width: number): number[] {
	return bigEndian(value, width).reverse();
}

/** One expression's register bytes; undefined when iptx does not know its layout. */
function partBytes(expr: NftExpr, value: NftValue): number[] | undefined {
	const type = datatypeOf(expr);
	if (type === "ipv6_addr" && typeof value === "string")
		return [...ipv6Bytes(value)];
	if (type === "ifname" && typeof value === "string") {
		const name = [...value].map((ch) => ch.charCodeAt(0) & 0xff).slice(0, 16);
		return [...name, ...Array(16 - name.length).fill(0)];
	}
	if (typeof value !== "number") return undefined;
	if (expr.kind === "payload") {
		const width =
			payloadWidths[`${expr.protocol} ${expr.field}`] ?? datatypeWidths[type];
		return width === undefined ? undefined : bigEndian(value, width);
	}
	if (expr.kind === "meta" || expr.kind === "ct") {
		if (type === "inet_proto" || type === "nf_proto") return [value & 0xff];
		if (type === "inet_service" || type === "ipv4_addr")
			return bigEndian(value, datatypeWidths[type] ?? 4);
		return littleEndian(value, 4);
	}
	return undefined;
}

/** The key's register bytes (a concatenation's parts each padded to 4 bytes). */
export function registerBytes(
	expr: NftExpr,
	value: NftValue | readonly NftValue[],
): Uint8Array | undefined {
	if (expr.kind !== "concat" || !Array.isArray(value)) {
		if (Array.isArray(value)) return undefined;
		const bytes = partBytes(expr, value as NftValue);
		return bytes ? Uint8Array.from(bytes) : undefined;
	}
	const out: number[] = [];
	for (const [i, part] of expr.parts.entries()) {
		const partValue = value[i];
		if (partValue === undefined) return undefined;
		const bytes = partBytes(part, partValue);
		if (!bytes) return undefined;
		out.push(...bytes, ...Array((4 - (bytes.length % 4)) % 4).fill(0));
	}
	return Uint8Array.from(out);
}
