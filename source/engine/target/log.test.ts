import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { logTarget, parseLogLevel } from "./log.js";

describe("LOG target", () => {
	test.each([
		["--log-prefix [UFW-BLOCK]", { prefix: "[UFW-BLOCK]", level: 4 }],
		["--log-prefix x: --log-level 6", { prefix: "x:", level: 6 }],
		["--log-level debug", { prefix: "", level: 7 }],
		[
			"--log-level warning --log-tcp-sequence --log-uid",
			{ level: 4, tcpSequence: true, uid: true },
		],
		[
			"--log-tcp-options --log-ip-options --log-macdecode",
			{ tcpOptions: true, ipOptions: true, macDecode: true },
		],
	])("%s", (options, expected) => {
		const data = parsedTarget(logTarget, options);
		expect(data).toMatchObject({ kind: "LOG", ...expected });
		const result = logTarget.apply(data, makeTargetContext());
		expect(result.effect).toEqual({ kind: "continue" });
		expect(result.changes?.logRequest).toEqual(data);
	});

	test.each([
		["0", 0],
		["7", 7],
		["emerg", 0],
		["panic", 0],
		["alert", 1],
		["crit", 2],
		["error", 3],
		["warning", 4],
		["notice", 5],
		["info", 6],
		["debug", 7],
		["8", undefined],
		["loud", undefined],
		// recorded with iptables 1.8.9: C numbers, lower-case names only
		["07", 7],
		["0x3", 3],
		["warn", undefined],
		["err", undefined],
		["WARNING", undefined],
		["3x", undefined],
	])("level %s → %s", (text, level) => {
		expect(parseLogLevel(text)).toBe(level);
	});

	test("prefix is cut to 29 characters with a warning", () => {
		const long = "x".repeat(35);
		const { data, diagnostics } = logTarget.parse(
			[{ name: "--log-prefix", invert: false, args: [long], column: 5 }],
			{
				table: "filter",
				chain: "INPUT",
				family: "ipv4",
				protocol: 0,
				protocolInverted: false,
				source: "t",
				line: 1,
			},
		);
		expect(data.prefix).toBe("x".repeat(29));
		expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([
			["warning", "truncated"],
		]);
	});

	test("errors and describe", () => {
		expect(targetMessages(logTarget, "--log-level 9")).toEqual([
			'log level "9" unknown',
		]);
		expect(targetMessages(logTarget, "--log-foo")).toEqual([
			'unknown option "--log-foo"',
		]);
		expect(
			logTarget.describe(
				parsedTarget(logTarget, "--log-prefix p --log-level 6 --log-uid"),
			),
		).toBe('LOG flags 8 level 6 prefix "p"');
	});
});
