/**
 * The `inet6` addresses of an `ip addr` listing (JSON or text), in the
 * kernel spelling the engine's IPv6 packets use.
 */
import type { InterfaceAddress6 } from "../model/host.js";
import { readIpv6Text } from "../net/ipv6-text.js";

const scopes6 = new Set(["global", "link", "host", "site", "nowhere"]);

/** An `inet6` address (`fd00:2::15/64 scope global`); undefined when malformed. */
export function address6Of(
	local: string,
	prefixLength: number,
	scope: string | undefined,
): InterfaceAddress6 | undefined {
	const address = readIpv6Text(local);
	if (address === undefined || prefixLength > 128) return undefined;
	return {
		address,
		prefixLength,
		scope: (scope && scopes6.has(scope)
			? scope
			: "global") as InterfaceAddress6["scope"],
	};
}

export function jsonAddresses6(
	infos: readonly {
		readonly family?: string;
		readonly local?: string;
		readonly prefixlen?: number;
		readonly scope?: string;
	}[],
): InterfaceAddress6[] {
	return infos.flatMap((info) =>
		info.family === "inet6" && info.local !== undefined
			? (address6Of(info.local, info.prefixlen ?? 128, info.scope) ?? [])
			: [],
	);
}
