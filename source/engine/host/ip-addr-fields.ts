/** Fields every `ip addr` listing form prints alike: an address's scope, a link's type. */
import type { HostInterface, InterfaceAddress } from "../model/host.js";

type Scope = InterfaceAddress["scope"];

const scopes: readonly Scope[] = ["global", "link", "host", "site", "nowhere"];

/** An address's scope as `ip` prints it; without one, as the kernel gives it. */
export function toScope(text: unknown, address: number): Scope {
	if (
		typeof text === "string" &&
		(scopes as readonly string[]).includes(text)
	) {
		return text as Scope;
	}
	// The kernel forces host scope on 127/8 addresses (inet_set_ifa).
	return address >>> 24 === 127 ? "host" : "global";
}

/** The link type `link/...` names (`ip -j`: `link_type`); ether when not printed. */
export function linkTypeOf(
	text: string | undefined,
	name: string,
): HostInterface["linkType"] {
	if (text === "loopback" || name === "lo") return "loopback";
	if (text === "ether") return "ether";
	if (text === "none") return "none";
	return text === undefined ? "ether" : "other";
}
