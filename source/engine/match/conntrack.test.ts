import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import type { ConntrackEntry, CtView } from "../conntrack/types.js";
import { conntrackMatch, stateMatch } from "./conntrack.js";

const entry: ConntrackEntry = {
	id: 1,
	original: {
		src: 0x0a000001,
		dst: 0x0a00020f,
		protocol: 6,
		sport: 40000,
		dport: 8080,
	},
	reply: {
		src: 0xac110002,
		dst: 0x0a000001,
		protocol: 6,
		sport: 80,
		dport: 40000,
	},
	status: 0x2 | 0x4 | 0x8 | 0x20,
	mark: 0,
	expires: 1300,
	created: 900,
	zone: 0,
};

const views: Record<string, CtView> = {
	new: { info: "NEW", entry: { ...entry, status: 0x20 }, unconfirmed: true },
	est: { info: "ESTABLISHED", entry },
	reply: { info: "ESTABLISHED_REPLY", entry },
	related: { info: "RELATED", entry },
	invalid: { info: "INVALID" },
	untracked: { info: "UNTRACKED" },
};

describe("conntrack match", () => {
	test.each([
		["--ctstate NEW", "new", "match"],
		["--ctstate RELATED,ESTABLISHED", "est", "match"],
		["--ctstate RELATED,ESTABLISHED", "reply", "match"],
		["--ctstate RELATED,ESTABLISHED", "new", "no-match"],
		["! --ctstate INVALID", "new", "match"],
		["--ctstate INVALID", "invalid", "match"],
		["--ctstate UNTRACKED", "untracked", "match"],
		["--ctstate DNAT", "est", "match"],
		["--ctstate SNAT", "est", "no-match"],
		["--ctstate INVALID --ctorigdst 1.2.3.4", "invalid", "match"],
		["--ctorigdst 10.0.2.15", "invalid", "no-match"],
		["! --ctorigdst 1.2.3.4", "untracked", "no-match"],
		["--ctorigdst 10.0.2.15", "est", "match"],
		["--ctorigdst 10.0.2.0/24 --ctreplsrc 172.17.0.2", "est", "match"],
		["! --ctrepldst 10.0.0.1", "est", "no-match"],
		["--ctorigdstport 8080", "est", "match"],
		["--ctreplsrcport 1:79", "est", "no-match"],
		["--ctproto tcp", "est", "match"],
		["--ctproto 17", "est", "no-match"],
		["--ctstatus ASSURED", "est", "match"],
		["--ctstatus ASSURED", "new", "no-match"],
		["--ctstatus CONFIRMED", "new", "no-match"],
		["--ctstatus NONE", "est", "no-match"],
		["! --ctstatus EXPECTED", "est", "match"],
		["--ctdir ORIGINAL", "est", "match"],
		["--ctdir REPLY", "reply", "match"],
		["--ctdir REPLY", "est", "no-match"],
		["--ctexpire 200:400", "est", "match"],
		["--ctexpire 0:100", "est", "no-match"],
	])("%s on %s → %s", (options, view, expected) => {
		expect(
			resultOf(conntrackMatch, options, {
				conntrack: views[view] as CtView,
				time: 1000,
			}),
		).toBe(expected);
	});

	test.each([
		["--state NEW", "new", "match"],
		["--state RELATED,ESTABLISHED", "est", "match"],
		["! --state NEW", "est", "match"],
		["--state INVALID", "invalid", "match"],
	])("state %s on %s → %s", (options, view, expected) => {
		expect(
			resultOf(stateMatch, options, { conntrack: views[view] as CtView }),
		).toBe(expected);
	});

	test.each([
		[
			conntrackMatch,
			"--ctstate ESTABLISHED,RELATED",
			"ctstate RELATED,ESTABLISHED",
		],
		[
			conntrackMatch,
			"! --ctstate NEW --ctorigdst 1.2.3.4",
			"! ctstate NEW ctorigdst 1.2.3.4",
		],
		[stateMatch, "--state NEW", "state NEW"],
	])("describe %#", (module, options, text) => {
		expect(module.describe(parsedData(module, options))).toBe(text);
	});

	test("bad state name", () => {
		expect(() => parsedData(conntrackMatch, "--ctstate FOO")).toThrow(
			'Bad ctstate "FOO"',
		);
	});
});
