/**
 * Header rewrites by a set statement (nft_payload_set_eval): `ip dscp set cs1`,
 * `ip ttl set 42`, `ip6 hoplimit set 1`, `ip ecn set ce`. The IPv4 checksum
 * is fixed by the kernel and not modelled; later rules and LOG lines see the
 * new header (LOG prints the DSCP bits as PREC=, the ECN bits in TOS=).
 * A field of the other family breaks the rule (nft's implicit `meta nfproto`).
 * Transport ports (`tcp dport set 22`, `th sport set ...`) are rewritten in
 * place too: before conntrack (priority raw) the connection is tracked with
 * the new port, and nothing rewrites the replies back.
 */
import { ipProtocol, isIpv6, type Packet } from "../model/packet.js";
import type { NftExpr } from "../nft/model.js";

const portHeaders: Readonly<Record<string, readonly number[]>> = {
	tcp: [ipProtocol.TCP],
	udp: [ipProtocol.UDP],
	udplite: [ipProtocol.UDPLITE],
	sctp: [ipProtocol.SCTP],
	dccp: [ipProtocol.DCCP],
	th: [
		ipProtocol.TCP,
		ipProtocol.UDP,
		ipProtocol.UDPLITE,
		ipProtocol.SCTP,
		ipProtocol.DCCP,
	],
};

/** `tcp dport set N`: the port rewritten; "other-family" when the header is another (nft's implicit l4proto). */
function setPort(
	packet: Packet,
	target: Extract<NftExpr, { kind: "payload" }>,
	value: number,
): Packet | "other-family" | undefined {
	const protocols = portHeaders[target.protocol];
	if (!protocols || (target.field !== "sport" && target.field !== "dport"))
		return undefined;
	if (!protocols.includes(packet.protocol) || packet.fragmentOffset > 0)
		return "other-family";
	return { ...packet, [target.field]: value & 0xffff };
}

/** The packet with the field rewritten; "other-family", or undefined if iptx does not model the field. */
export function setPayload(
	packet: Packet,
	target: Extract<NftExpr, { kind: "payload" }>,
	value: number,
): Packet | "other-family" | undefined {
	const v6 = isIpv6(packet);
	if (target.protocol !== "ip" && target.protocol !== "ip6")
		return setPort(packet, target, value);
	if ((target.protocol === "ip6") !== v6) return "other-family";
	switch (target.field) {
		case "dscp":
			return { ...packet, tos: ((value & 0x3f) << 2) | (packet.tos & 3) };
		case "ecn":
			return { ...packet, tos: (packet.tos & 0xfc) | (value & 3) };
		case "ttl":
		case "hoplimit":
			return { ...packet, ttl: value & 0xff };
		default:
			return undefined;
	}
}
