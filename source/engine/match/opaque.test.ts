import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { nfacctMatch, opaqueMatches } from "./opaque.js";

describe("opaque matches", () => {
	test.each(opaqueMatches.map((m) => [m.name, m] as const))(
		"%s keeps options and is unknown",
		(_, module) => {
			const { data, diagnostics } = module.parse(
				rawOptions("--foo 1 ! --bar"),
				sampleParseContext,
			);
			expect(diagnostics).toEqual([]);
			const outcome = module.evaluate(data, makeContext());
			expect(outcome.result).toBe("unknown");
			expect(outcome.reason).toMatch(new RegExp(`^${module.name}: `));
			expect(module.describe(data)).toBe(`${module.name} --foo 1 ! --bar`);
		},
	);

	test("nfacct always matches", () => {
		const { data } = nfacctMatch.parse(
			rawOptions("--nfacct-name x"),
			sampleParseContext,
		);
		expect(nfacctMatch.evaluate(data, makeContext()).result).toBe("match");
	});
});
