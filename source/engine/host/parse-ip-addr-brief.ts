/**
 * Interfaces from `ip -br addr`: a name, its operational state and its
 * addresses, and nothing more: no scopes, flags or MACs. 127/8 gets host
 * scope, the rest global, and a later address inside an earlier one's
 * subnet is secondary.
 */
import type { Mutable } from "../lib/mutable.js";
import type { HostInterface, InterfaceAddress } from "../model/host.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import { badDeviceName } from "./device-name.js";
import {
	type DiagnosticSink,
	parseCidr,
	splitWords,
} from "./host-diagnostics.js";
import { linkTypeOf, toScope } from "./ip-addr-fields.js";

/** A later address in the subnet of an earlier one is secondary (__inet_insert_ifa). */
function markSecondaries(addresses: Mutable<InterfaceAddress>[]): void {
	for (let i = 0; i < addresses.length; i++) {
		const a = addresses[i] as Mutable<InterfaceAddress>;
		const mask = prefixToMask(a.prefixLength);
		a.secondary = addresses
			.slice(0, i)
			.some(
				(b) =>
					!b.secondary &&
					b.prefixLength === a.prefixLength &&
					((b.address ^ a.address) & mask) === 0,
			);
	}
}

/** The operational states `ip -br` prints (IF_OPER_*). */
const operStates = new Set([
	"UNKNOWN",
	"NOTPRESENT",
	"DOWN",
	"LOWERLAYERDOWN",
	"TESTING",
	"DORMANT",
	"UP",
]);

/** Why a line is not one `ip -br addr` prints (name, then state), or undefined. */
function briefProblem(name: string, state: string): string | undefined {
	const bad =
		badDeviceName(name) ??
		(operStates.has(state)
			? undefined
			: `'${state}' is not an interface state`);
	return bad === undefined ? undefined : `not an \`ip -br addr\` line: ${bad}`;
}

/** The interfaces of `ip -br addr`: name, state, then addresses. */
export function parseIpAddrBrief(
	lines: readonly string[],
	sink: DiagnosticSink,
): HostInterface[] {
	const result: HostInterface[] = [];
	lines.forEach((line, i) => {
		const words = splitWords(line);
		const first = words[0];
		if (!first) return;
		const name = first.text.split("@")[0] ?? first.text;
		const state = words[1]?.text ?? "";
		const bad = briefProblem(name, state);
		if (bad) {
			sink.add("error", "bad-interface", bad, i + 1, first.column);
			return;
		}
		const addresses: Mutable<InterfaceAddress>[] = [];
		for (const word of words.slice(2)) {
			if (word.text.includes(":")) continue;
			const cidr = parseCidr(word.text, parseIpv4);
			if (!cidr) {
				sink.add(
					"error",
					"bad-address",
					`cannot read address '${word.text}'`,
					i + 1,
					word.column,
				);
				continue;
			}
			addresses.push({
				...cidr,
				scope: toScope(undefined, cidr.address),
				secondary: false,
			});
		}
		markSecondaries(addresses);
		result.push({
			name,
			index: result.length + 1,
			linkType: linkTypeOf(undefined, name),
			up: state !== "DOWN",
			bridge: false,
			mtu: name === "lo" ? 65536 : 1500,
			addresses,
		});
	});
	return result;
}
