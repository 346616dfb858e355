/** Short texts the panes show for engine values (fates, rewrites, conntrack entries). */
import {
	type ConntrackEntry,
	ctStatus,
	type Fate,
	type Tuple,
} from "../../engine/index.js";
import { formatAddress, formatEndpoint } from "../../engine/net/address.js";
import type { Rewrite } from "../state/selectors.js";
import type { Glyphs } from "./glyphs.js";

export function fateText(fate: Fate, glyphs: Glyphs): string {
	const a = glyphs.arrow;
	switch (fate.kind) {
		case "delivered":
			return `delivered locally ${a} ${fate.device}`;
		case "forwarded":
			return `forwarded ${a} ${fate.device}`;
		case "sent":
			return `sent ${a} ${fate.device}`;
		case "bridged":
			return `bridged ${a} ${fate.device}${fate.port ? ` port ${fate.port}` : ""}`;
		case "looped-back":
			return "looped back";
		case "dropped": {
			const where = fate.chain
				? ` in ${fate.table ?? ""} ${fate.chain}${fate.num ? ` #${fate.num}` : ""}`
				: "";
			return `DROPPED by ${fate.by}${where}: ${fate.reason}`;
		}
		case "rejected":
			return `REJECTED in ${fate.table} ${fate.chain}${fate.num ? ` #${fate.num}` : ""} with ${fate.with}`;
		case "queued":
			return `queued to ${fate.queue}: ${fate.note}`;
		case "stopped":
			return `stopped: ${fate.reason}`;
		default:
			return assertNeverFate(fate);
	}
}

/** `DNAT dst 10.0.2.15:1002 → 172.17.0.3:1000`: only what changed. */
export function rewriteText(rewrite: Rewrite, glyphs: Glyphs): string {
	const { before, after } = rewrite;
	const a = glyphs.arrow;
	const parts: string[] = [];
	if (before.src !== after.src || before.sport !== after.sport) {
		parts.push(
			`src ${formatEndpoint(before.src, before.sport)} ${a} ${formatEndpoint(after.src, after.sport)}`,
		);
	}
	if (before.dst !== after.dst || before.dport !== after.dport) {
		parts.push(
			`dst ${formatEndpoint(before.dst, before.dport)} ${a} ${formatEndpoint(after.dst, after.dport)}`,
		);
	}
	if (before.ttl !== after.ttl) {
		parts.push(`ttl ${before.ttl} ${a} ${after.ttl}`);
	}
	if (before.tos !== after.tos) {
		parts.push(`tos 0x${hex2(before.tos)} ${a} 0x${hex2(after.tos)}`);
	}
	const markBefore = rewrite.beforeMeta?.mark;
	const markAfter = rewrite.afterMeta?.mark;
	if (
		markBefore !== undefined &&
		markAfter !== undefined &&
		markBefore !== markAfter
	) {
		parts.push(
			`mark 0x${markBefore.toString(16)} ${a} 0x${markAfter.toString(16)}`,
		);
	}
	return `${rewrite.what} ${parts.length > 0 ? parts.join(", ") : "(no change)"}`;
}

function hex2(value: number): string {
	return value.toString(16).padStart(2, "0");
}

const protocolNames: Readonly<Record<number, string>> = {
	1: "icmp",
	6: "tcp",
	17: "udp",
	58: "icmpv6",
	132: "sctp",
};

function tupleText(tuple: Tuple): string {
	const ports =
		tuple.protocol === 6 || tuple.protocol === 17 || tuple.protocol === 132;
	const base = `src=${formatAddress(tuple.src)} dst=${formatAddress(tuple.dst)}`;
	if (ports) return `${base} sport=${tuple.sport} dport=${tuple.dport}`;
	// ICMP and ICMPv6 keep the id in sport and type<<8|code in dport; conntrack -L prints all three.
	if (tuple.protocol === 1 || tuple.protocol === 58)
		return `${base} type=${tuple.dport >> 8} code=${tuple.dport & 0xff} id=${tuple.sport}`;
	return base;
}

/** One entry as `conntrack -L` prints it (without timeout). */
export function conntrackText(entry: ConntrackEntry): string {
	const proto = entry.original.protocol;
	const name = protocolNames[proto] ?? String(proto);
	const parts = [name.padEnd(4), String(proto)];
	if (entry.tcpState) {
		parts.push(entry.tcpState);
	}
	parts.push(tupleText(entry.original));
	if (!(entry.status & ctStatus.SEEN_REPLY)) {
		parts.push("[UNREPLIED]");
	}
	parts.push(tupleText(entry.reply));
	if (entry.status & ctStatus.ASSURED) {
		parts.push("[ASSURED]");
	}
	parts.push(`mark=${entry.mark}`);
	return parts.join(" ");
}

function assertNeverFate(fate: never): never {
	throw new Error(`iptx: unknown fate ${JSON.stringify(fate)}`);
}
