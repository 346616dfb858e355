/**
 * The answer the other end would send to a packet as it left the host, so a
 * user can see ESTABLISHED and the automatic un-NAT: addresses and ports
 * swapped, SYN answered by SYN/ACK, data by ACK, echo request by echo reply.
 */
import {
	ipProtocol,
	type Packet,
	type PacketInput,
	type PacketMeta,
	swapAddresses,
	tcpFlag,
} from "../model/packet.js";
import type { Trace } from "./trace-types.js";

function replyHeader(packet: Packet): Packet | undefined {
	const base = {
		...swapAddresses(packet),
		ttl: 64,
		// IPv6 has no ID outside a fragment header, and a reply has none.
		id: packet.family === "ipv6" ? 0 : (packet.id + 1) & 0xffff,
		...(packet.sport === undefined ? {} : { dport: packet.sport }),
		...(packet.dport === undefined ? {} : { sport: packet.dport }),
	};
	if (packet.protocol === ipProtocol.TCP && packet.tcp) {
		const syn =
			(packet.tcp.flags & tcpFlag.SYN) !== 0 &&
			(packet.tcp.flags & tcpFlag.ACK) === 0;
		const fin = (packet.tcp.flags & tcpFlag.FIN) !== 0;
		// IP plus bare TCP header: 20 + 20 bytes, IPv6 40 + 20.
		const headers = packet.family === "ipv6" ? 60 : 40;
		const consumed =
			(syn || fin ? 1 : 0) + Math.max(0, packet.length - headers);
		const { options: _options, ...tcp } = packet.tcp;
		return {
			...base,
			length: headers,
			tcp: {
				...tcp,
				seq: syn ? 1_000_000 : packet.tcp.ack,
				ack: (packet.tcp.seq + consumed) >>> 0,
				flags: syn ? tcpFlag.SYN | tcpFlag.ACK : tcpFlag.ACK,
				window: 65160,
			},
		};
	}
	if (packet.protocol === ipProtocol.ICMP && packet.icmp) {
		const inverse: Record<number, number> = { 8: 0, 13: 14, 15: 16, 17: 18 };
		const type = inverse[packet.icmp.type];
		if (type === undefined) return undefined;
		return { ...base, icmp: { ...packet.icmp, type } };
	}
	if (packet.protocol === ipProtocol.ICMPV6 && packet.icmp) {
		// Echo request → reply, node information query → response.
		const inverse: Record<number, number> = { 128: 129, 139: 140 };
		const type = inverse[packet.icmp.type];
		if (type === undefined) return undefined;
		return { ...base, icmp: { ...packet.icmp, type } };
	}
	return base;
}

/** The reply to a trace's packet, arriving where the other end would send it from; undefined when there is none. */
export function replyTo(trace: Trace): PacketInput | undefined {
	const packet = replyHeader(trace.packetOut);
	if (!packet) return undefined;
	const time = trace.metaIn.time + 0.001;
	const fate = trace.fate;
	let meta: PacketMeta;
	switch (fate.kind) {
		case "forwarded":
		case "sent":
			meta = { inInterface: fate.device, mark: 0, time };
			break;
		case "bridged":
			meta = { inInterface: fate.port ?? fate.device, mark: 0, time };
			break;
		case "delivered":
		case "looped-back":
			meta = { inInterface: "", mark: 0, time };
			break;
		default:
			return undefined;
	}
	return { packet, meta };
}
