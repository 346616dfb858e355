/**
 * `fib` (nft_fib_ipv4.c, nft_fib_ipv6.c): a route lookup for the packet's
 * source or destination, optionally with its mark and bound to the input
 * or output device. `type` gives the address type (RTN_*), `oif`/`oifname`
 * the device the route leaves by: none (`missing`) when there is no
 * unicast route, when the route is local, or when it does not leave by the
 * device the `iif`/`oif` flag names.
 */
import type { HostView } from "../host/host-view.js";
import { localOwner6, route6 } from "../host/host-view6.js";
import { isIpv6, type Packet, type Packet6 } from "../model/packet.js";
import type { HookName } from "../model/ruleset.js";
import { ipv6Class } from "../net/ipv6-text.js";
import { type NftValue, symbolValue } from "./datatypes.js";

export type FibQuestion = {
	readonly host: HostView;
	readonly packet: Packet;
	readonly mark: number;
	readonly hook: HookName;
	readonly inDevice: string;
	readonly outDevice: string;
};

function boundDevice(q: FibQuestion, flags: readonly string[]) {
	if (flags.includes("iif")) return q.inDevice;
	if (flags.includes("oif")) return q.outDevice;
	return undefined;
}

function type4(q: FibQuestion, address: number, device: string | undefined) {
	const name = q.host.addressType(address, device).toLowerCase();
	return symbolValue("fib_addrtype", name);
}

/**
 * __nft_fib6_eval_type: bound to a device (`. iif`, `. oif`) an address is
 * local only when that device has it (nf_ipv6_chk_addr, strict); any other
 * address with a route is unicast, multicast by its class.
 */
function type6(q: FibQuestion, address: string, device: string | undefined) {
	const local =
		device === undefined
			? localOwner6(q.host.host, address) !== undefined
			: (
					q.host.host.interfaces.find((i) => i.name === device)?.addresses6 ??
					[]
				).some((a) => a.address === address);
	if (local) return 2;
	if (ipv6Class(address) === "multicast") return 5;
	const decision = route6(q.host.host, address, device);
	if (decision.kind === "unicast" || decision.kind === "local") return 1;
	return symbolValue("fib_addrtype", decision.kind);
}

/** The device the route to `address` leaves by, "" when none counts. */
function oif4(
	q: FibQuestion,
	address: number,
	flags: readonly string[],
): string {
	const packet = q.packet as Exclude<Packet, Packet6>;
	if (q.hook === "PREROUTING" && q.inDevice === "lo") return q.inDevice;
	const limitedBroadcast =
		packet.dst === 0xffffffff || packet.dst >>> 8 === 0xe00000;
	if (packet.src === 0 && limitedBroadcast) return q.inDevice;
	const decision = q.host.route(
		address,
		flags.includes("mark") ? { mark: q.mark } : {},
	);
	// A local route gives no device; broadcast and multicast routes do.
	if (decision.kind === "local" || !("device" in decision)) return "";
	const bound = boundDevice(q, flags);
	return bound === undefined || bound === decision.device
		? decision.device
		: "";
}

function oif6(
	q: FibQuestion,
	address: string,
	flags: readonly string[],
): string {
	if (q.hook === "PREROUTING" && q.inDevice === "lo") return q.inDevice;
	// nft_fib6_flowi_init: a link-local or multicast address is looked up on
	// the bound device (or the packet's), where every IPv6 link has a route.
	const kind = ipv6Class(address);
	if (kind === "link-local" || kind === "multicast") {
		const device = boundDevice(q, flags) ?? (q.inDevice || q.outDevice);
		const iface = q.host.host.interfaces.find((i) => i.name === device);
		// The host's own link-local address has a local route: no device.
		if (kind === "link-local" && localOwner6(q.host.host, address, device))
			return "";
		return (iface?.addresses6?.length ?? 0) > 0 ? device : "";
	}
	const decision = route6(q.host.host, address);
	if (decision.kind !== "unicast") return "";
	const bound = boundDevice(q, flags);
	return bound === undefined || bound === decision.device
		? decision.device
		: "";
}

/** The register a fib expression loads. */
export function fibResult(
	q: FibQuestion,
	flags: readonly string[],
	result: string,
): NftValue | undefined {
	const { packet } = q;
	const source = flags.includes("saddr");
	if (isIpv6(packet)) {
		const address = source ? packet.src : packet.dst;
		if (result === "type") return type6(q, address, boundDevice(q, flags));
		return oif6(q, address, flags);
	}
	const address = source ? packet.src : packet.dst;
	if (result === "type") return type4(q, address, boundDevice(q, flags));
	return oif4(q, address, flags);
}
