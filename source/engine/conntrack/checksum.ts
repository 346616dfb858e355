/**
 * Conntrack's checksum check (nf_conntrack_checksum, on by default): at
 * PREROUTING, tcp_error, udp_error and icmpv6_error verify the transport
 * checksum over the IPv6 header's destination, and a packet that fails is
 * INVALID. A sender computes it over the final destination, the last
 * address of a routing header with segments left (RFC 8200 8.1), so a packet
 * still on its routing-header path fails there (recorded: ip6-router-own,
 * a type 0 routing header forwarded to docker0, INVALID in FORWARD).
 * A routing header whose segments left the line does not show is taken to
 * have some: a node on the path receives it that way.
 */
import { ipProtocol, type Packet } from "../model/packet.js";

const checkedProtocols: ReadonlySet<number> = new Set([
	ipProtocol.TCP,
	ipProtocol.UDP,
	ipProtocol.UDPLITE,
	ipProtocol.ICMPV6,
]);

/** True when conntrack at PREROUTING finds this packet's transport checksum wrong. */
export function failsConntrackChecksum(packet: Packet): boolean {
	if (packet.family !== "ipv6" || !checkedProtocols.has(packet.protocol))
		return false;
	return packet.extHeaders.some(
		(header) => header.kind === "rt" && header.segmentsLeft !== 0,
	);
}
