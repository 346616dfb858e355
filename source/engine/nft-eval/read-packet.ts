/**
 * What an nft selector loads into a register (nft_payload, nft_meta, nft_ct,
 * nft_fib eval functions): a value, or undefined when the kernel breaks out
 * of the rule (NFT_BREAK: the header is not there, no connection, no
 * socket). Only the packet fields iptx models are read.
 */
import { zoneIdIn } from "../conntrack/zone.js";
import { ipProtocol, isIpv6, type Packet } from "../model/packet.js";
import { ipv6Class } from "../net/ipv6-text.js";
import type { NftExpr } from "../nft/model.js";
import type { NftValue } from "./datatypes.js";
import { symbolValue } from "./datatypes.js";
import { extHeaderCodes, exthdrRef, exthdrValue } from "./ipv6-exthdr.js";
import type { NftPacketView } from "./packet-view.js";
import { tcpOptionValue } from "./tcp-option.js";

const portProtocols: ReadonlySet<number> = new Set([
	ipProtocol.TCP,
	ipProtocol.UDP,
	ipProtocol.UDPLITE,
	ipProtocol.SCTP,
	ipProtocol.DCCP,
]);

const transportOf: Readonly<Record<string, number>> = {
	tcp: ipProtocol.TCP,
	udp: ipProtocol.UDP,
	udplite: ipProtocol.UDPLITE,
	sctp: ipProtocol.SCTP,
	dccp: ipProtocol.DCCP,
	icmp: ipProtocol.ICMP,
	icmpv6: ipProtocol.ICMPV6,
	esp: ipProtocol.ESP,
	ah: ipProtocol.AH,
};

function ipField(packet: Packet, field: string): NftValue | undefined {
	if (isIpv6(packet)) return undefined;
	switch (field) {
		case "saddr":
			return packet.src;
		case "daddr":
			return packet.dst;
		case "protocol":
			return packet.protocol;
		case "ttl":
			return packet.ttl;
		case "length":
			return packet.length;
		case "id":
			return packet.id;
		case "dscp":
			return packet.tos >> 2;
		case "ecn":
			return packet.tos & 3;
		case "version":
			return 4;
		case "hdrlength":
			return 5 + (packet.ipOptions ? packet.ipOptions.length / 8 : 0);
		case "frag-off":
			return (
				(packet.df ? 0x4000 : 0) |
				(packet.mf ? 0x2000 : 0) |
				packet.fragmentOffset
			);
		default:
			return undefined;
	}
}

function ip6Field(packet: Packet, field: string): NftValue | undefined {
	if (!isIpv6(packet)) return undefined;
	switch (field) {
		case "saddr":
			return packet.src;
		case "daddr":
			return packet.dst;
		case "nexthdr": {
			// The base header's field: the first extension header, if any.
			const first = packet.extHeaders[0];
			return first ? extHeaderCodes[first.kind] : packet.protocol;
		}
		case "hoplimit":
			return packet.ttl;
		case "length":
			return packet.length - 40;
		case "flowlabel":
			return packet.flowLabel;
		case "dscp":
			return packet.tos >> 2;
		case "ecn":
			return packet.tos & 3;
		case "version":
			return 6;
		default:
			return undefined;
	}
}

/**
 * `th sport`/`th dport` of a protocol without ports: nft_payload loads the
 * first and second 16 bits of whatever transport header follows, so ICMP's
 * type and code are its `th sport` (an ICMPv6 neighbour solicitation is
 * 0x8700) and ESP's SPI both. ICMP's `th dport` is its checksum, which the
 * kernel's log line never shows: unknown.
 */
function rawTransport(packet: Packet, field: string): NftValue | undefined {
	const { icmp, spi } = packet;
	if (icmp && field === "sport") return ((icmp.type << 8) | icmp.code) >>> 0;
	// AH's SPI sits 4 bytes in; ESP's opens the header.
	if (spi === undefined || packet.protocol !== 50) return undefined;
	if (field === "sport") return spi >>> 16;
	if (field === "dport") return spi & 0xffff;
	return undefined;
}

/** Transport header fields: the protocol must be the one named (nft's implicit dependency). */
function transportField(
	packet: Packet,
	protocol: string,
	field: string,
): NftValue | undefined {
	if (packet.fragmentOffset > 0) return undefined;
	if (protocol === "th") {
		if (!portProtocols.has(packet.protocol)) return rawTransport(packet, field);
	} else if (transportOf[protocol] !== packet.protocol) return undefined;
	if (field === "sport") return packet.sport;
	if (field === "dport") return packet.dport;
	if (protocol === "tcp" && packet.tcp) {
		const tcp = packet.tcp;
		const fields: Record<string, number> = {
			flags: tcp.flags & 0xff,
			sequence: tcp.seq,
			ackseq: tcp.ack,
			window: tcp.window,
			urgptr: tcp.urgp,
		};
		return fields[field];
	}
	if (protocol === "udp" && field === "length") return packet.udp?.length;
	if (protocol === "icmp" || protocol === "icmpv6") {
		const icmp = packet.icmp;
		if (!icmp) return undefined;
		const fields: Record<string, number | undefined> = {
			type: icmp.type,
			code: icmp.code,
			id: icmp.id,
			sequence: icmp.sequence,
			mtu: icmp.mtu,
			gateway: icmp.gateway,
		};
		return fields[field];
	}
	if (field === "spi") return packet.spi;
	return undefined;
}

function pktType(view: NftPacketView): number {
	const linkType = view.meta.linkType;
	if (linkType) return symbolValue("pkt_type", linkType);
	const { packet } = view;
	if (isIpv6(packet)) return ipv6Class(packet.dst) === "multicast" ? 2 : 0;
	if (packet.dst === 0xffffffff) return 1;
	return packet.dst >>> 28 === 0xe ? 2 : 0;
}

function metaKey(view: NftPacketView, key: string): NftValue | undefined {
	const { packet, meta } = view;
	switch (key) {
		case "iifname":
		case "iif":
			return view.inDevice;
		case "oifname":
		case "oif":
			return view.outDevice;
		case "mark":
			return meta.mark >>> 0;
		case "l4proto":
			return packet.protocol;
		case "nfproto":
			return isIpv6(packet) ? 10 : 2;
		case "protocol":
			return isIpv6(packet) ? 0x86dd : 0x0800;
		case "length":
			return packet.length;
		case "pkttype":
			return pktType(view);
		case "skuid":
			return meta.socket === "file" ? meta.uid : undefined;
		case "skgid":
			return meta.socket === "file" ? (meta.gid ?? meta.uid) : undefined;
		case "iiftype":
			return view.inDevice === "lo" ? 772 : 1;
		case "oiftype":
			return view.outDevice === "lo" ? 772 : 1;
		case "priority":
			return meta.priority ?? 0;
		case "nftrace":
		case "cpu":
		case "secmark":
			return 0;
		default:
			return undefined;
	}
}

/** NF_CT_STATE_BIT: the ct state bit of a packet's conntrack info. */
function ctStateBit(view: NftPacketView): number {
	switch (view.ct.info) {
		case "NEW":
			return 8;
		case "ESTABLISHED":
		case "ESTABLISHED_REPLY":
			return 2;
		case "RELATED":
		case "RELATED_REPLY":
			return 4;
		case "UNTRACKED":
			return 64;
		case "INVALID":
			return 1;
	}
}

/** nft's ct status bits: the kernel's, with the NAT-done bits left as they are. */
function ctKey(
	view: NftPacketView,
	expr: Extract<NftExpr, { kind: "ct" }>,
): NftValue | undefined {
	if (expr.key === "state" && expr.dir === undefined) return ctStateBit(view);
	const entry = view.ct.entry;
	if (!entry || view.ct.info === "UNTRACKED") return undefined;
	const reply =
		view.ct.info === "ESTABLISHED_REPLY" || view.ct.info === "RELATED_REPLY";
	if (expr.dir === undefined) {
		switch (expr.key) {
			case "status":
				return entry.status;
			case "mark":
				return entry.mark >>> 0;
			case "direction":
				return reply ? 1 : 0;
			case "zone":
				return entry.zone;
			case "l3proto":
				return typeof entry.original.src === "string" ? 10 : 2;
			case "protocol":
				return entry.original.protocol;
			case "helper":
				return entry.helper;
			default:
				return undefined;
		}
	}
	const tuple = expr.dir === "reply" ? entry.reply : entry.original;
	const key = expr.key.replace(/^ip6? /, "");
	const fields: Record<string, NftValue | undefined> = {
		saddr: tuple.src,
		daddr: tuple.dst,
		"proto-src": tuple.sport,
		"proto-dst": tuple.dport,
		protocol: tuple.protocol,
		l3proto: typeof tuple.src === "string" ? 10 : 2,
		// nf_ct_zone_id: a zone limited to the other direction reads as 0.
		zone: zoneIdIn(entry, expr.dir),
	};
	return fields[key];
}

/**
 * TCP options and IPv6 extension headers (nft_exthdr), and `rt mtu`
 * (nft_rt, NFT_RT_TCPMSS: what `tcp option maxseg size set rt mtu` clamps
 * to): the route's MTU less the IP and TCP headers; nothing without a
 * route. Other selectors iptx does not read load nothing.
 */
function otherSelector(
	view: NftPacketView,
	expr: Extract<NftExpr, { kind: "selector" }>,
): NftValue | undefined {
	if (expr.name === "tcp option") return tcpOptionValue(view.packet, expr.args);
	const exthdr = exthdrRef(expr.name, expr.args);
	if (exthdr) return exthdrValue(view.packet, exthdr);
	if (expr.name !== "rt" || !expr.args.some((a) => /(^| )mtu$/.test(a)))
		return undefined;
	const mtu = view.routeMtu?.();
	return mtu === undefined ? undefined : mtu - (isIpv6(view.packet) ? 60 : 40);
}

export function readSelector(
	view: NftPacketView,
	expr: NftExpr,
): NftValue | undefined {
	switch (expr.kind) {
		case "payload":
			if (expr.protocol === "ip") return ipField(view.packet, expr.field);
			if (expr.protocol === "ip6") return ip6Field(view.packet, expr.field);
			return transportField(view.packet, expr.protocol, expr.field);
		case "meta":
			return metaKey(view, expr.key);
		case "ct":
			return ctKey(view, expr);
		case "fib":
			return view.fib(expr.flags, expr.result);
		case "selector":
			return otherSelector(view, expr);
		default:
			return undefined;
	}
}
