/**
 * A module's quick check may vouch only for options its parse takes in
 * silence: for any options and context, a true quick check means that
 * parse() reports nothing. And it must vouch for what iptables-save writes,
 * or the quick read of a kube-proxy file never runs.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
	findMatchModule,
	matchModuleNames,
} from "../../source/engine/match/registry.js";
import type {
	ParseContext,
	QuickCheck,
	QuickOptions,
} from "../../source/engine/match/types.js";
import type {
	RawOption,
	TableName,
} from "../../source/engine/model/ruleset.js";
import {
	findTargetModule,
	targetModuleNames,
} from "../../source/engine/target/registry.js";
import { canonical, refused, values } from "./quick-check-cases.js";

type Checked = {
	readonly kind: "match" | "target";
	readonly name: string;
	readonly optionNames: readonly string[];
	readonly quickCheck: QuickCheck;
	readonly parse: (
		options: readonly RawOption[],
		context: ParseContext,
	) => { readonly diagnostics: readonly unknown[] };
};

type Registered = Omit<Checked, "kind" | "quickCheck"> & {
	readonly quickCheck?: QuickCheck;
};

function withQuickCheck(
	kind: Checked["kind"],
	names: readonly string[],
	find: (name: string) => Registered | undefined,
): Checked[] {
	const found = new Map<unknown, Checked>();
	for (const name of names) {
		const module = find(name);
		if (module?.quickCheck)
			found.set(module, { ...module, kind, quickCheck: module.quickCheck });
	}
	return [...found.values()];
}

const modules = [
	...withQuickCheck("match", matchModuleNames(), findMatchModule),
	...withQuickCheck("target", targetModuleNames(), findTargetModule),
];

/** The options as the quick read hands them over. */
function quickView(options: readonly RawOption[]): QuickOptions {
	const at = (index: number) => options[index] as RawOption;
	return {
		count: options.length,
		name: (index) => at(index).name,
		inverted: (index) => at(index).invert,
		argCount: (index) => at(index).args.length,
		arg: (index, k = 0) => at(index).args[k] ?? "",
	};
}

function context(overrides: Partial<ParseContext> = {}): ParseContext {
	return {
		table: "nat",
		chain: "X",
		family: "ipv4",
		protocol: 6,
		protocolInverted: false,
		source: "t",
		line: 1,
		...overrides,
	};
}

describe("quick checks", () => {
	test("these modules have one", () => {
		expect(modules.map((m) => m.name).sort()).toEqual(
			[
				"DNAT",
				"MASQUERADE",
				"REDIRECT",
				"SNAT",
				"comment",
				"LOG",
				"MARK",
				"REJECT",
				"conntrack",
				"connmark",
				"mac",
				"mark",
				"multiport",
				"state",
				"statistic",
				"tcp",
				"udp",
			].sort(),
		);
	});

	for (const module of modules)
		test(`${module.kind} ${module.name}: vouches only for options parse() takes silently`, () => {
			const examples = canonical.filter(([name]) => name === module.name);
			const written = examples.flatMap(([, options]) =>
				options.flatMap((o) => o.args),
			);
			const value = fc.oneof(
				{ weight: 2, arbitrary: fc.constantFrom("random", ...written) },
				{ weight: 3, arbitrary: values },
			);
			const optionArb = fc.record({
				name: fc.constantFrom(...module.optionNames),
				invert: fc.oneof(
					{ weight: 4, arbitrary: fc.constant(false) },
					{ weight: 1, arbitrary: fc.constant(true) },
				),
				args: fc.oneof(
					{ weight: 4, arbitrary: value.map((v) => [v]) },
					{ weight: 1, arbitrary: fc.array(value, { maxLength: 2 }) },
				),
				column: fc.constant(5),
			});
			const contextArb = fc.record({
				table: fc.constantFrom<TableName>("nat", "filter", "mangle"),
				chain: fc.constant("X"),
				family: fc.constantFrom<"ipv4" | "ipv6">("ipv4", "ipv6"),
				protocol: fc.constantFrom(0, 1, 6, 17, 33, 132, 136),
				protocolInverted: fc.boolean(),
				source: fc.constant("t"),
				line: fc.constant(1),
			});
			// What iptables-save writes with one thing changed: an argument,
			// the arguments, a `!`, or the context.
			const mutated = fc
				.tuple(
					fc.constantFrom(...examples),
					fc.nat(),
					fc.nat(),
					optionArb,
					value,
					fc.oneof(
						{ weight: 3, arbitrary: fc.constant(undefined) },
						{ weight: 1, arbitrary: contextArb },
					),
				)
				.map(([[, options, overrides], index, change, other, text, at]) => {
					const changed =
						options.length === 0
							? [other]
							: options.map((o, i) => {
									if (i !== index % options.length) return o;
									if (change % 3 === 0) return { ...o, invert: !o.invert };
									if (change % 3 === 1 || o.args.length === 0)
										return { ...o, args: other.args };
									const k = change % o.args.length;
									return {
										...o,
										args: o.args.map((arg, j) => (j === k ? text : arg)),
									};
								});
					return [changed, at ?? context(overrides)] as const;
				});
			let vouched = 0;
			fc.assert(
				fc.property(
					fc.oneof(
						fc.tuple(fc.array(optionArb, { maxLength: 3 }), contextArb),
						mutated,
					),
					([options, at]) => {
						// The quick read hands over no option twice (quick-rule.ts).
						const names = options.map((o) => o.name);
						if (new Set(names).size !== names.length) return;
						if (!module.quickCheck(quickView(options), at)) return;
						vouched++;
						expect(module.parse(options, at).diagnostics).toEqual([]);
					},
				),
				{ numRuns: 4000 },
			);
			// The property means little unless it saw the check say yes.
			expect(vouched).toBeGreaterThan(20);
		});

	const examples = [
		...canonical.map((c) => [...c, true] as const),
		...refused.map((c) => [...c, false] as const),
	];
	test.each(examples)(
		"%s %j in %j: vouches %s (it must for what iptables-save writes)",
		(name, options, overrides, vouches) => {
			const module = modules.find((m) => m.name === name) as Checked;
			expect(module.quickCheck(quickView(options), context(overrides))).toBe(
				vouches,
			);
		},
	);
});
