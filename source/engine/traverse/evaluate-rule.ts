/**
 * Does a rule match? The fixed header tests first (ip_packet_match: addresses,
 * interfaces, protocol, fragment), then the `-m` matches left to right; the
 * first that fails stops the rule, so stateful matches after it keep their state.
 */
import { findMatchModule } from "../match/registry.js";
import type { MatchResult } from "../match/types.js";
import type {
	AddressTest,
	HookName,
	InterfaceTest,
	Rule,
	TableName,
} from "../model/ruleset.js";
import { formatAddress, type IpAddress } from "../net/address.js";
import { ipv6InNetwork } from "../net/ipv6-text.js";
import type { Run } from "./run.js";

export type RuleVerdict = {
	readonly result: MatchResult;
	readonly failed?: string;
	readonly assumed?: boolean;
	/** Why a match dropped the packet on the spot (hotdrop). */
	readonly hotdrop?: string;
};

/** Kernel ifname compare: exact (including the NUL) or a `+` prefix. */
export function interfaceMatches(test: InterfaceTest, device: string): boolean {
	const hit = test.wildcard
		? device.startsWith(test.name)
		: device === test.name;
	return hit !== test.invert;
}

type HeaderTest =
	| "source"
	| "destination"
	| "inInterface"
	| "outInterface"
	| "protocol"
	| "fragment";

/** `-s`/`-d` without its `!`: IPv4 by mask on the number, IPv6 on the bytes. */
function addressIn(address: IpAddress, test: AddressTest): boolean {
	if (typeof address === "number")
		return (address & test.mask) >>> 0 === test.addr;
	return (
		test.addr6 !== undefined &&
		test.mask6 !== undefined &&
		ipv6InNetwork(address, test.addr6, test.mask6)
	);
}

/** ip_packet_match(): the first fixed header test that fails, without allocating on the hot path. */
function failedHeaderTest(
	rule: Rule,
	run: Run,
	inDevice: string,
	outDevice: string,
): HeaderTest | undefined {
	const { source, destination, inInterface, outInterface, protocol, fragment } =
		rule.header;
	const packet = run.packet;
	if (source && addressIn(packet.src, source) === source.invert)
		return "source";
	if (destination && addressIn(packet.dst, destination) === destination.invert)
		return "destination";
	if (inInterface && !interfaceMatches(inInterface, inDevice))
		return "inInterface";
	if (outInterface && !interfaceMatches(outInterface, outDevice))
		return "outInterface";
	if (
		protocol &&
		protocol.number !== 0 &&
		(packet.protocol === protocol.number) === protocol.invert
	)
		return "protocol";
	if (fragment && (packet.fragmentOffset !== 0) === fragment.invert)
		return "fragment";
	return undefined;
}

const not = (invert: boolean | undefined): string => (invert ? "! " : "");

const interfaceText = (test: InterfaceTest | undefined): string =>
	`${test?.name ?? ""}${test?.wildcard ? "+" : ""}`;

/** The failed header test in words (only built when the trace keeps details). */
function describeHeaderFailure(
	failed: HeaderTest,
	rule: Rule,
	run: Run,
	inDevice: string,
	outDevice: string,
): string {
	const { header } = rule;
	const packet = run.packet;
	switch (failed) {
		case "source":
			return `${not(header.source?.invert)}-s ${header.source?.text}: SRC=${formatAddress(packet.src)}`;
		case "destination":
			return `${not(header.destination?.invert)}-d ${header.destination?.text}: DST=${formatAddress(packet.dst)}`;
		case "inInterface":
			return `${not(header.inInterface?.invert)}-i ${interfaceText(header.inInterface)}: IN=${inDevice}`;
		case "outInterface":
			return `${not(header.outInterface?.invert)}-o ${interfaceText(header.outInterface)}: OUT=${outDevice}`;
		case "protocol":
			return `${not(header.protocol?.invert)}-p ${header.protocol?.text}: protocol ${packet.protocol}`;
		case "fragment":
			return `${not(header.fragment?.invert)}-f: fragment offset ${packet.fragmentOffset}`;
	}
}

const noMatch: RuleVerdict = { result: "no-match" };

export function evaluateRule(
	rule: Rule,
	run: Run,
	where: {
		readonly hook: HookName;
		readonly table: TableName;
		readonly inDevice: string;
		readonly outDevice: string;
	},
): RuleVerdict {
	const failed = failedHeaderTest(rule, run, where.inDevice, where.outDevice);
	if (failed) {
		return run.options.detail === "full"
			? {
					result: "no-match",
					failed: describeHeaderFailure(
						failed,
						rule,
						run,
						where.inDevice,
						where.outDevice,
					),
				}
			: noMatch;
	}
	let assumed = false;
	for (let i = 0; i < rule.matches.length; i++) {
		const call = rule.matches[i];
		if (!call) continue;
		const module = call.known ? findMatchModule(call.module) : undefined;
		let result: MatchResult;
		let reason: string | undefined;
		if (
			module?.evaluates &&
			!module.evaluates.includes(run.packet.family ?? "ipv4")
		) {
			result = "unknown";
			reason = `-m ${call.module} is not modelled for ${run.packet.family ?? "ipv4"} packets`;
		} else if (module) {
			const context = run.matchContextAt(where, rule.id, i);
			const outcome = module.evaluate(call.data, context);
			if (outcome.hotdrop)
				return {
					result: "no-match",
					hotdrop: `-m ${call.module}: ${outcome.reason ?? "dropped"}`,
				};
			result = outcome.result;
			reason = outcome.reason;
		} else {
			result = "unknown";
			reason = `-m ${call.module} is not known to iptx`;
		}
		if (result === "unknown") {
			const policy = run.options.unknownMatch;
			if (policy === "stop")
				return {
					result: "unknown",
					failed: `-m ${call.module}: ${reason ?? "cannot decide"}`,
				};
			assumed = true;
			if (policy === "assume-no-match") {
				return {
					result: "no-match",
					failed: `-m ${call.module}: ${reason ?? "cannot decide"} (assumed no match)`,
					assumed,
				};
			}
			continue;
		}
		if (result === "no-match") {
			if (!run.recording) return noMatch;
			return {
				result,
				failed: `-m ${call.module}${reason ? `: ${reason}` : ""}`,
			};
		}
	}
	return assumed ? { result: "match", assumed } : { result: "match" };
}
