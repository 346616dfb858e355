/**
 * Changes the SET target (`--add-set`/`--del-set`) makes to ipsets during a
 * run, kept in `context.shared` under `ipset-overlay:NAME` so later packets'
 * `-m set` lookups see them. Elements are stored as packet fields and turned
 * into `ipset save` text once the set's type is known.
 */
import type { Packet } from "../model/packet.js";
import { formatAddress, type IpAddress } from "../net/address.js";
import type { IpSet, IpSetMember, RuleStateStore } from "./types.js";

export type OverlayEntry = {
	readonly op: "add" | "del";
	readonly sides: readonly ("src" | "dst")[];
	readonly src: IpAddress;
	readonly dst: IpAddress;
	readonly protocol: number;
	readonly sport?: number;
	readonly dport?: number;
	/** Absolute expiry (seconds) from `--timeout`; undefined = none. */
	readonly expires?: number;
};

export function overlayKey(name: string): string {
	return `ipset-overlay:${name}`;
}

export function recordSetChange(
	shared: RuleStateStore,
	name: string,
	entry: OverlayEntry,
): void {
	const list = shared.get<readonly OverlayEntry[]>(overlayKey(name)) ?? [];
	shared.set(overlayKey(name), [...list, entry]);
}

export function entryFromPacket(
	op: "add" | "del",
	sides: readonly ("src" | "dst")[],
	packet: Packet,
	expires?: number,
): OverlayEntry {
	return {
		op,
		sides,
		src: packet.src,
		dst: packet.dst,
		protocol: packet.protocol,
		...(packet.sport === undefined ? {} : { sport: packet.sport }),
		...(packet.dport === undefined ? {} : { dport: packet.dport }),
		...(expires === undefined ? {} : { expires }),
	};
}

const protocolNames: Readonly<Record<number, string>> = {
	6: "tcp",
	17: "udp",
	132: "sctp",
	136: "udplite",
	1: "icmp",
};

/** The element text for a set type (`hash:ip,port` → `1.2.3.4,tcp:80`). */
export function elementText(
	type: string,
	entry: OverlayEntry,
): string | undefined {
	const dims = (type.split(":")[1] ?? "").split(",");
	const parts: string[] = [];
	for (const [i, dim] of dims.entries()) {
		const side = entry.sides[i] ?? "src";
		if (dim === "ip" || dim === "net")
			parts.push(formatAddress(side === "src" ? entry.src : entry.dst));
		else if (dim === "port") {
			const port = side === "src" ? entry.sport : entry.dport;
			if (port === undefined) return undefined;
			parts.push(`${protocolNames[entry.protocol] ?? entry.protocol}:${port}`);
		} else return undefined;
	}
	return parts.join(",");
}

/** `set` with the run's additions and deletions applied (as of `time`). */
export function withOverlay(
	set: IpSet,
	shared: RuleStateStore,
	time: number,
): IpSet {
	const list = shared.get<readonly OverlayEntry[]>(overlayKey(set.name));
	if (list === undefined || list.length === 0) return set;
	let members: IpSetMember[] = [...set.members];
	for (const entry of list) {
		// ip_set_add/del: a packet of the other family changes nothing.
		const family = typeof entry.src === "number" ? "ipv4" : "ipv6";
		if (set.family !== undefined && set.family !== family) continue;
		const text = elementText(set.type, entry);
		if (text === undefined) continue;
		members = members.filter((m) => m.text !== text);
		if (
			entry.op === "add" &&
			(entry.expires === undefined || entry.expires > time)
		)
			members.push({ text, nomatch: false });
	}
	return { ...set, members };
}
