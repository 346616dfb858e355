import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { nflogTarget, ulogTarget } from "./nflog.js";

describe("NFLOG and ULOG targets", () => {
	test.each([
		["--nflog-group 5", 5, "NFLOG group 5"],
		["", 0, "NFLOG group 0"],
		[
			"--nflog-group 100 --nflog-prefix drop --nflog-threshold 10",
			100,
			'NFLOG group 100 prefix "drop" threshold 10',
		],
		["--nflog-group 2 --nflog-size 128", 2, "NFLOG group 2 size 128"],
	])("%s", (options, group, text) => {
		const data = parsedTarget(nflogTarget, options);
		const result = nflogTarget.apply(data, makeTargetContext());
		expect(result.effect).toEqual({ kind: "continue" });
		expect(result.changes?.logRequest).toMatchObject({ kind: "NFLOG", group });
		expect(result.changes?.note).toMatch(/netlink group/);
		expect(nflogTarget.describe(data)).toBe(text);
	});

	test("errors", () => {
		expect(targetMessages(nflogTarget, "--nflog-group 70000")).toEqual([
			'bad value "70000" for --nflog-group',
		]);
	});

	test("ULOG is obsolete but parsed", () => {
		const { data, diagnostics } = ulogTarget.parse(
			[{ name: "--ulog-nlgroup", invert: false, args: ["3"], column: 1 }],
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
		expect(data.request.group).toBe(3);
		expect(diagnostics.map((d) => d.code)).toEqual(["obsolete-target"]);
	});
});
