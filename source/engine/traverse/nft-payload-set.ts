/**
 * Header rewrites by a set statement (nft_payload_set_eval): `ip dscp set cs1`,
 * `ip ttl set 42`, `ip6 hoplimit set 1`, `ip ecn set ce`. The IPv4 checksum
 * is fixed by the kernel and not modelled; later rules and LOG lines see the
 * new header (LOG prints the DSCP bits as PREC=, the ECN bits in TOS=).
 * A field of the other family breaks the rule (nft's implicit `meta nfproto`).
 */
import { isIpv6, type Packet } from "../model/packet.js";
import type { NftExpr } from "../nft/model.js";

/** The packet with the field rewritten; "other-family", or undefined if iptx does not model the field. */
export function setPayload(
	packet: Packet,
	target: Extract<NftExpr, { kind: "payload" }>,
	value: number,
): Packet | "other-family" | undefined {
	const v6 = isIpv6(packet);
	if (target.protocol !== "ip" && target.protocol !== "ip6") return undefined;
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
