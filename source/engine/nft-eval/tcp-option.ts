/**
 * `tcp option NAME [FIELD]` (nft_exthdr with the TCP option walk,
 * nft_exthdr_tcp_eval): the option's field from the SYN's or segment's
 * option bytes, or whether it is there (`exists`/`missing`). An option the
 * segment lacks loads nothing, so a field comparison breaks the rule while
 * a presence test reads 0. The options come from LOG's `OPT (...)` hex.
 */
import type { Packet } from "../model/packet.js";
import { ipProtocol } from "../model/packet.js";

/** nft's option names (src/tcpopt.c) and their kind numbers. */
const optionKinds: Readonly<Record<string, number>> = {
	eol: 0,
	nop: 1,
	maxseg: 2,
	mss: 2,
	window: 3,
	"sack-perm": 4,
	"sack-permitted": 4,
	sack: 5,
	sack0: 5,
	sack1: 5,
	sack2: 5,
	sack3: 5,
	timestamp: 8,
	fastopen: 34,
	mptcp: 30,
	md5sig: 19,
};

/** Field offset and width inside an option (src/tcpopt.c templates). */
const fieldLayout: Readonly<
	Record<string, readonly [offset: number, width: number]>
> = {
	kind: [0, 1],
	length: [1, 1],
	size: [2, 2],
	count: [2, 1],
	tsval: [2, 4],
	tsecr: [6, 4],
	left: [2, 4],
	right: [6, 4],
};

/** The option's bytes (kind first), or undefined when the segment has none. */
function findOption(hex: string, kind: number): number[] | undefined {
	const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
	let at = 0;
	while (at < bytes.length) {
		const k = bytes[at] ?? 0;
		if (k === 0) return kind === 0 ? [0] : undefined;
		if (k === 1) {
			if (kind === 1) return [1];
			at++;
			continue;
		}
		const length = bytes[at + 1] ?? 0;
		if (length < 2) return undefined;
		if (k === kind) return bytes.slice(at, at + length);
		at += length;
	}
	return undefined;
}

/** Reads `args` as nft's two spellings give them: `[name, field]` or `["name X", "field Y"]`. */
function optionRef(args: readonly string[]): {
	name: string;
	field?: string;
} {
	const named = Object.fromEntries(
		args.filter((a) => a.includes(" ")).map((a) => a.split(" ", 2)),
	);
	const name = named["name"] ?? args[0] ?? "";
	const field = named["field"] ?? (named["name"] ? undefined : args[1]);
	return field === undefined ? { name } : { name, field };
}

/**
 * The loaded value: a field as a number, 1/0 for presence (no field), or
 * undefined (no TCP header, option absent with a field asked for).
 */
export function tcpOptionValue(
	packet: Packet,
	args: readonly string[],
): number | undefined {
	if (packet.protocol !== ipProtocol.TCP || !packet.tcp) return undefined;
	const { name, field } = optionRef(args);
	const kind = optionKinds[name] ?? Number(name);
	if (!Number.isInteger(kind)) return undefined;
	const option = findOption(packet.tcp.options ?? "", kind);
	if (field === undefined) return option ? 1 : 0;
	const layout = fieldLayout[field];
	if (!option || !layout) return undefined;
	const [offset, width] = layout;
	// sackN: the N-th block of left/right edges.
	const block = /^sack([1-3])$/.exec(name);
	const start = offset + (block ? Number(block[1]) * 8 : 0);
	if (start + width > option.length) return undefined;
	let value = 0;
	for (let i = 0; i < width; i++)
		value = value * 256 + (option[start + i] ?? 0);
	return value;
}

/**
 * `tcp option maxseg size set N` (nft_exthdr_tcp_set_eval): the segment
 * with the option's field rewritten in its option bytes. The kernel never
 * raises an MSS ("increase can cause connection to stall"), and a segment
 * without the option is left alone. Undefined: nothing changes.
 */
export function withTcpOption(
	packet: Packet,
	args: readonly string[],
	value: number,
): Packet | undefined {
	const tcp = packet.tcp;
	if (packet.protocol !== ipProtocol.TCP || !tcp?.options) return undefined;
	const { name, field } = optionRef(args);
	const kind = optionKinds[name] ?? Number(name);
	const layout = field === undefined ? undefined : fieldLayout[field];
	if (!layout || !Number.isInteger(kind)) return undefined;
	const bytes =
		tcp.options.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
	let at = 0;
	while (at < bytes.length && bytes[at] !== kind) {
		const k = bytes[at] ?? 0;
		if (k === 0) return undefined;
		at += k === 1 ? 1 : Math.max(bytes[at + 1] ?? 2, 2);
	}
	if (at >= bytes.length) return undefined;
	const [offset, width] = layout;
	let old = 0;
	for (let i = 0; i < width; i++)
		old = old * 256 + (bytes[at + offset + i] ?? 0);
	if (kind === 2 && old <= value) return undefined;
	for (let i = 0; i < width; i++)
		bytes[at + offset + i] = Math.floor(value / 256 ** (width - 1 - i)) % 256;
	const options = bytes
		.map((b) => b.toString(16).padStart(2, "0").toUpperCase())
		.join("");
	return { ...packet, tcp: { ...tcp, options } };
}
