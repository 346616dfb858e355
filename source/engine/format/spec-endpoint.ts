/**
 * One endpoint of the short packet notation: `10.0.2.3`, `10.0.2.3:45000`,
 * `fd00:2::3`, `[fd00:2::3]` or `[fd00:2::3]:45000` (brackets around an
 * IPv6 address that has a port, as URLs and `ss` write it).
 */
import type { Ipv6Text } from "../model/packet.js";
import { parseIpv4 } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { SpecError } from "./packet-spec-build.js";

/** An address of either family and its port, when one was given. */
export type SpecEndpoint =
	| {
			readonly family: "ipv4";
			readonly address: number;
			readonly port?: number;
	  }
	| {
			readonly family: "ipv6";
			readonly address: Ipv6Text;
			readonly port?: number;
	  };

type Token = { readonly text: string; readonly column: number };

/** Splits `HOST[:PORT]` or `[HOST][:PORT]`; a bare IPv6 address has no port. */
function splitHostPort(text: string): { host: string; port?: string } {
	if (text.startsWith("[")) {
		const close = text.indexOf("]");
		if (close === -1) return { host: text };
		const rest = text.slice(close + 1);
		const host = text.slice(1, close);
		if (rest === "") return { host };
		return rest.startsWith(":")
			? { host, port: rest.slice(1) }
			: { host: text };
	}
	const colons = text.split(":").length - 1;
	if (colons > 1) return { host: text };
	const [host = "", port] = text.split(":");
	return port === undefined ? { host } : { host, port };
}

/** Reads the endpoint at `token`; `what` names it in errors (`source`). */
export function parseEndpoint(
	token: Token | undefined,
	what: string,
): SpecEndpoint {
	if (!token) throw new SpecError(`expected the ${what} address`, 0);
	const { host, port } = splitHostPort(token.text);
	const v4 = host.includes(":") ? undefined : parseIpv4(host);
	const v6 = v4 === undefined ? readIpv6Text(host) : undefined;
	if (v4 === undefined && v6 === undefined) {
		throw new SpecError(`bad ${what} address '${host}'`, token.column);
	}
	if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
		throw new SpecError(`bad ${what} port '${port}'`, token.column);
	}
	const portPart = port === undefined ? {} : { port: Number(port) };
	return v4 !== undefined
		? { family: "ipv4", address: v4, ...portPart }
		: { family: "ipv6", address: v6 as Ipv6Text, ...portPart };
}
