/**
 * Packet, tuple and host builders shared by engine, live and UI tests, so a
 * test says only what differs (addresses, ports, flags) from a plain TCP
 * segment.
 */
import type { Tuple } from "../../source/engine/conntrack/types.js";
import type { HostView } from "../../source/engine/host/host-view.js";
import {
	type AddressType,
	defaultHostSettings,
} from "../../source/engine/model/host.js";
import type { Packet4 } from "../../source/engine/model/packet.js";
import { parseIpv4 } from "../../source/engine/net/ipv4.js";

/** A dotted quad as a number; -1 for malformed text, so a typo fails loudly. */
export function ip(text: string): number {
	return parseIpv4(text) ?? -1;
}

/** Fields of a TCP segment a test may change from the defaults. */
export type TcpPacketOptions = {
	/** IP total length in bytes (default 60: a SYN with options). */
	readonly length?: number;
	readonly seq?: number;
	readonly window?: number;
	/** The TCP options as LOG's OPT (...) hex (default none). */
	readonly tcpOptions?: string;
};

/** An IPv4 TCP segment, TTL 64, DF set, not a fragment. */
export function tcpPacket(
	src: string,
	sport: number,
	dst: string,
	dport: number,
	flags: number,
	options: TcpPacketOptions = {},
): Packet4 {
	return {
		src: ip(src),
		dst: ip(dst),
		protocol: 6,
		length: options.length ?? 60,
		tos: 0,
		ttl: 64,
		id: 1,
		ce: false,
		df: true,
		mf: false,
		fragmentOffset: 0,
		sport,
		dport,
		tcp: {
			seq: options.seq ?? 1,
			ack: 0,
			window: options.window ?? 64240,
			res: 0,
			flags,
			urgp: 0,
			...(options.tcpOptions === undefined
				? {}
				: { options: options.tcpOptions }),
		},
	};
}

/** A conntrack tuple `src:sport → dst:dport` (TCP unless `protocol` says). */
export function tuple(
	src: string,
	sport: number,
	dst: string,
	dport: number,
	protocol = 6,
): Tuple {
	return { src: ip(src), dst: ip(dst), protocol, sport, dport };
}

/**
 * A host view with no interfaces or routes whose `addressType` answers from
 * a table keyed `address@device` or `address` (default UNICAST); `route`
 * throws unless `overrides` gives one, so a test that routes says so.
 */
export function stubHost(
	types: Readonly<Record<string, AddressType>> = {},
	overrides: Partial<HostView> = {},
): HostView {
	const fail = (): never => {
		throw new Error("stubHost: not available in this test");
	};
	return {
		host: {
			name: "test",
			interfaces: [],
			routes: [],
			settings: defaultHostSettings,
		},
		interface: () => undefined,
		isLocal: () => false,
		addressType: (address, device) =>
			types[`${address}@${device ?? ""}`] ??
			types[String(address)] ??
			"UNICAST",
		route: fail,
		selectSourceAddress: () => undefined,
		primaryAddress: () => undefined,
		bridgeOf: () => undefined,
		interfaceByMac: () => undefined,
		...overrides,
	};
}
