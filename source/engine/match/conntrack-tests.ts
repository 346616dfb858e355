/**
 * The conntrack match's tests other than `--ctstate`, against a known entry
 * (xt_conntrack.c `conntrack_mt`, revision 3 port ranges).
 */

import type { ConntrackEntry } from "../conntrack/types.js";
import { ctStatus } from "../conntrack/types.js";
import type { IpAddress } from "../net/address.js";
import { formatIpNetwork, inIpNetwork } from "../net/ip-network.js";
import { formatPortRange, inPortRange } from "../net/port-range.js";
import { type CtTest, ctStateNames } from "./conntrack-options.js";
import { check } from "./option-values.js";
import type { MatchOutcome } from "./types.js";

export type CtFacts = {
	readonly entry: ConntrackEntry;
	readonly reply: boolean;
	readonly confirmed: boolean;
	readonly time: number;
};

function tupleField(
	entry: ConntrackEntry,
	which: string,
	port: boolean,
): IpAddress {
	const tuple = which.startsWith("orig") ? entry.original : entry.reply;
	if (which.endsWith("src")) return port ? tuple.sport : tuple.src;
	return port ? tuple.dport : tuple.dst;
}

function one(test: CtTest, facts: CtFacts): MatchOutcome {
	const { entry } = facts;
	switch (test.kind) {
		case "state":
			return { result: "match" };
		case "status": {
			let status = entry.status;
			status = facts.confirmed
				? status | ctStatus.CONFIRMED
				: status & ~ctStatus.CONFIRMED;
			return check(
				(status & test.mask) !== 0,
				test.invert,
				`ctstatus not ${test.names.join(",")}`,
			);
		}
		case "proto":
			return check(
				entry.original.protocol === test.protocol,
				test.invert,
				`ctproto ${entry.original.protocol} ≠ ${test.protocol}`,
			);
		case "addr": {
			const value = tupleField(entry, test.which, false);
			return check(
				inIpNetwork(value, test.network),
				test.invert,
				`ct${test.which} not ${formatIpNetwork(test.network)}`,
			);
		}
		case "port": {
			const value = tupleField(entry, test.which, true) as number;
			return check(
				inPortRange(value, test.range),
				test.invert,
				`ct${test.which}port ${value} not ${formatPortRange(test.range)}`,
			);
		}
		case "dir":
			return check(
				facts.reply === test.reply,
				test.invert,
				`ctdir is ${facts.reply ? "REPLY" : "ORIGINAL"}`,
			);
		case "expire": {
			const left = Math.max(0, Math.floor(entry.expires - facts.time));
			return check(
				left >= test.min && left <= test.max,
				test.invert,
				`ctexpire ${left} not in ${test.min}:${test.max}`,
			);
		}
		default:
			return assertNever(test);
	}
}

function assertNever(value: never): never {
	throw new Error(`conntrack: unexpected test ${JSON.stringify(value)}`);
}

export function conntrackTests(
	tests: readonly CtTest[],
	facts: CtFacts,
): MatchOutcome[] {
	return tests.map((test) => one(test, facts));
}

/** `ctstate RELATED,ESTABLISHED`, `! ctorigdst 10.0.0.1`, as iptables -L prints. */
export function describeCtTest(test: CtTest, alias: boolean): string {
	const not = test.invert ? "! " : "";
	switch (test.kind) {
		case "state": {
			const names = ctStateNames.filter((n) => test.states.includes(n));
			return `${not}${alias ? "state" : "ctstate"} ${names.join(",")}`;
		}
		case "status":
			return `${not}ctstatus ${test.names.join(",")}`;
		case "proto":
			return `${not}ctproto ${test.protocol}`;
		case "addr":
			return `${not}ct${test.which} ${formatIpNetwork(test.network)}`;
		case "port":
			return `${not}ct${test.which}port ${formatPortRange(test.range)}`;
		case "dir":
			return `${not}ctdir ${test.reply ? "REPLY" : "ORIGINAL"}`;
		case "expire":
			return `${not}ctexpire ${test.min === test.max ? test.min : `${test.min}:${test.max}`}`;
		default:
			return assertNever(test);
	}
}
