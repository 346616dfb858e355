/**
 * The packets the kernel sends back on its own: REJECT's ICMP error or TCP
 * reset (nf_reject_ipv4.c), and ICMP errors from forwarding (TTL exceeded,
 * fragmentation needed). Each carries the offending packet's connection as
 * RELATED (nf_ct_attach), which the traversal records as an attachment.
 */

import type { HostView } from "../host/host-view.js";
import {
	ipProtocol,
	isIpv6,
	type Packet,
	type Packet4,
	swapAddresses,
	tcpFlag,
} from "../model/packet.js";
import {
	icmp6Error,
	icmp6ErrorSuppressed,
	icmp6RejectCodes,
} from "./reject6.js";

const icmpRejectCodes: Readonly<Record<string, number>> = {
	"icmp-net-unreachable": 0,
	"icmp-host-unreachable": 1,
	"icmp-proto-unreachable": 2,
	"icmp-port-unreachable": 3,
	"icmp-net-prohibited": 9,
	"icmp-host-prohibited": 10,
	"icmp-admin-prohibited": 13,
};

/** Largest ICMP error the kernel sends (576 bytes: RFC 1812). */
const icmpErrorMax = 576;

/** Why no ICMP error is sent for this packet (icmp_send's checks), if any. */
export function icmpErrorSuppressed(
	packet: Packet4,
	host: HostView,
): string | undefined {
	if (packet.fragmentOffset > 0) return "not sent for a non-first fragment";
	const type = host.addressType(packet.dst);
	if (type === "BROADCAST" || type === "MULTICAST")
		return "not sent for broadcast or multicast";
	if (
		packet.protocol === ipProtocol.ICMP &&
		packet.icmp &&
		![0, 8, 13, 14, 15, 16, 17, 18].includes(packet.icmp.type)
	) {
		return "not sent in answer to an ICMP error";
	}
	return undefined;
}

/** Source of an ICMP error: the original destination when local, else the route back's source. */
function errorSource(packet: Packet4, host: HostView): number {
	if (host.isLocal(packet.dst)) return packet.dst;
	const back = host.route(packet.src);
	if (back.kind === "local") return packet.src;
	if (back.kind === "unicast") {
		return (
			back.preferredSource ??
			host.selectSourceAddress(back.device, back.nextHop) ??
			0
		);
	}
	return 0;
}

export function icmpError(
	packet: Packet4,
	host: HostView,
	type: number,
	code: number,
	extra: { mtu?: number } = {},
): Packet {
	return {
		src: errorSource(packet, host),
		dst: packet.src,
		protocol: ipProtocol.ICMP,
		length: 28 + Math.min(packet.length, icmpErrorMax - 28),
		tos: (packet.tos & 0x1e) | 0xc0,
		ttl: 64,
		id: 0,
		ce: false,
		df: false,
		mf: false,
		fragmentOffset: 0,
		icmp: {
			type,
			code,
			inner: packet,
			...(extra.mtu === undefined ? {} : { mtu: extra.mtu }),
		},
	};
}

/** nf_send_reset(): the RST answering a TCP segment, or undefined for a RST. */
export function tcpReset(packet: Packet): Packet | undefined {
	const tcp = packet.tcp;
	if (!tcp || tcp.flags & tcpFlag.RST) return undefined;
	const hasAck = (tcp.flags & tcpFlag.ACK) !== 0;
	const optionBytes = tcp.options ? tcp.options.length / 2 : 0;
	const payload =
		tcp.flags & tcpFlag.SYN ? 0 : Math.max(0, packet.length - 40 - optionBytes);
	const consumed =
		((tcp.flags & tcpFlag.SYN) !== 0 ? 1 : 0) +
		((tcp.flags & tcpFlag.FIN) !== 0 ? 1 : 0) +
		payload;
	const v6 = isIpv6(packet);
	return {
		...swapAddresses(packet),
		protocol: ipProtocol.TCP,
		// nf_send_reset6: no options, hop limit of the route back (64).
		length: v6 ? 60 : 40,
		tos: 0,
		ttl: 64,
		id: 0,
		ce: false,
		df: !v6,
		mf: false,
		fragmentOffset: 0,
		...(v6 ? { flowLabel: 0, extHeaders: [] } : {}),
		sport: packet.dport ?? 0,
		dport: packet.sport ?? 0,
		tcp: {
			seq: hasAck ? tcp.ack : 0,
			ack: hasAck ? 0 : (tcp.seq + consumed) >>> 0,
			window: 0,
			res: 0,
			flags: hasAck ? tcpFlag.RST : tcpFlag.RST | tcpFlag.ACK,
			urgp: 0,
		},
	};
}

/** The reply REJECT sends for `--reject-with`, or why none is sent. */
export function rejectReply(
	packet: Packet,
	how: string,
	host: HostView,
): { reply?: Packet; note: string } {
	if (how === "tcp-reset") {
		const reply = tcpReset(packet);
		return reply
			? { reply, note: "TCP reset sent" }
			: { note: "no reset is sent in answer to a reset" };
	}
	if (isIpv6(packet)) {
		const code6 = icmp6RejectCodes[how] ?? 4;
		const quiet = icmp6ErrorSuppressed(packet, 1);
		if (quiet) return { note: `no ICMPv6 error: ${quiet}` };
		return {
			reply: icmp6Error(packet, host, 1, code6),
			note: `ICMPv6 type 1 code ${code6} sent`,
		};
	}
	const code = icmpRejectCodes[how] ?? 3;
	const suppressed = icmpErrorSuppressed(packet, host);
	if (suppressed) return { note: `no ICMP error: ${suppressed}` };
	return {
		reply: icmpError(packet, host, 3, code),
		note: `ICMP type 3 code ${code} sent`,
	};
}
