import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { otherTargets } from "./obsolete-targets.js";

describe("obsolete and annotation-only targets", () => {
	test.each(otherTargets.map((t) => [t.name, t] as const))(
		"%s keeps options and continues",
		(name, target) => {
			const { data, diagnostics } = target.parse(
				rawOptions("--gateway 10.0.0.1"),
				sampleParseContext,
			);
			const obsolete = ["MIRROR", "SAME", "CLUSTERIP"].includes(name);
			const refused = obsolete
				? ["obsolete-target"]
				: name === "SECMARK"
					? ["secmark-context"]
					: name === "CONNSECMARK"
						? ["invalid-value"]
						: [];
			expect(diagnostics.map((d) => d.code)).toEqual(refused);
			const result = target.apply(data, makeTargetContext());
			expect(result.effect).toEqual({ kind: "continue" });
			expect(result.changes?.note).toMatch(new RegExp(`^${name}: `));
			expect(target.describe(data)).toBe(`${name} --gateway 10.0.0.1`);
		},
	);
});
