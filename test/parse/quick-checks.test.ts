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

const option = (name: string, ...args: string[]): RawOption => ({
	name,
	invert: false,
	args,
	column: 5,
});

const canonical: [string, RawOption[], Partial<ParseContext>][] = [
	["comment", [option("--comment", "ns0/svc0:http cluster IP")], {}],
	["tcp", [option("--dport", "80")], {}],
	["tcp", [], {}],
	["tcp", [{ ...option("--sport", "1024:65535"), invert: true }], {}],
	["udp", [option("--dport", "53")], { protocol: 17 }],
	[
		"statistic",
		[option("--mode", "random"), option("--probability", "0.33333333349")],
		{ protocol: 0 },
	],
	["DNAT", [option("--to-destination", "10.244.2.47:8080")], {}],
	["DNAT", [option("--to-destination", "10.0.0.1")], { protocol: 0 }],
	["SNAT", [option("--to-source", "192.0.2.1"), option("--random")], {}],
	["MASQUERADE", [], { protocol: 0 }],
	["MASQUERADE", [option("--random-fully")], { protocol: 0 }],
	["MASQUERADE", [option("--to-ports", "1024-2048")], { protocol: 17 }],
	["REDIRECT", [option("--to-ports", "8080")], {}],
	["conntrack", [option("--ctstate", "RELATED,ESTABLISHED")], {}],
	["conntrack", [{ ...option("--ctstate", "DNAT"), invert: true }], {}],
	["state", [option("--state", "NEW")], {}],
	["mac", [option("--mac-source", "00:1A:2b:3c:4d:5e")], {}],
	["multiport", [option("--dports", "22,80,443,8000:8080")], {}],
	["mark", [{ ...option("--mark", "0x4000/0x4000"), invert: true }], {}],
	["connmark", [option("--mark", "0x1")], {}],
	["MARK", [option("--set-xmark", "0x4000/0x4000")], {}],
	["MARK", [option("--xor-mark", "0x4000")], {}],
	["REJECT", [], {}],
	["REJECT", [option("--reject-with", "icmp-port-unreachable")], {}],
	["REJECT", [option("--reject-with", "tcp-reset")], {}],
	[
		"LOG",
		[
			option("--log-prefix", "[UFW BLOCK] "),
			option("--log-level", "4"),
			option("--log-uid"),
		],
		{},
	],
	[
		"tcp",
		[
			option("--dport", "22"),
			option("--tcp-flags", "FIN,SYN,RST,ACK", "SYN"),
			option("--syn"),
		],
		{},
	],
];

describe("quick checks", () => {
	test("comment, tcp, udp, statistic and the NAT targets have one", () => {
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

	const values = fc.oneof(
		fc.constantFrom(
			"",
			"0",
			"80",
			"65535",
			"65536",
			"1:2",
			"2:1",
			"1:",
			":2",
			"1:2:3",
			"http",
			" 80",
			"+80",
			"080",
			"random",
			"nth",
			"0.5",
			"0.50000000000",
			"1",
			"1.0000001",
			"-0",
			"-1",
			"1e-3",
			"NaN",
			"Infinity",
			"0x1",
			"10.0.0.1",
			"10.0.0.1:80",
			"10.0.0.1:80-90",
			"10.0.0.1:90-80",
			"10.0.0.1-10.0.0.5:80",
			"10.0.0.1:80-90/100",
			":80",
			"300.1.1.1",
			"10.0.0",
			"1.2.3.4:",
			"a".repeat(85),
			"a".repeat(86),
			"é".repeat(85),
			"é".repeat(128),
			"a".repeat(256),
			"ns0/svc0:http cluster IP",
			"FIN,SYN,RST,ACK",
			"SYN",
			"ALL",
			"NONE",
			"22,80",
			"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
			"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
			"1:2,3",
			"NEW,ESTABLISHED",
			"DNAT",
			"00:11:22:33:44:55",
			"0x4000/0x4000",
			"0xffffffff",
			"0x100000000",
			"tcp-reset",
			"icmp-host-prohibited",
			"icmp6-adm-prohibited",
			"warning",
			"8",
			"a\nb",
			"[UFW BLOCK] ",
			"p".repeat(29),
			"p".repeat(30),
		),
		fc.string({ maxLength: 12 }),
	);

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

	test.each(canonical)(
		"vouches for what iptables-save writes: %s %j",
		(name, options, overrides) => {
			const module = modules.find((m) => m.name === name) as Checked;
			expect(module.quickCheck(quickView(options), context(overrides))).toBe(
				true,
			);
		},
	);

	const refused: [string, RawOption[], Partial<ParseContext>][] = [
		["tcp", [option("--dport", "80")], { protocol: 17 }],
		["tcp", [option("--dport", "80")], { protocolInverted: true }],
		["comment", [option("--comment", "a".repeat(86))], {}],
		["statistic", [option("--mode", "nth"), option("--every", "2")], {}],
		["DNAT", [option("--to-destination", "10.0.0.1:80")], { protocol: 1 }],
		["DNAT", [], {}],
		["SNAT", [option("--to-source", "10.0.0.300")], {}],
		["state", [option("--state", "DNAT")], {}],
		["conntrack", [option("--ctstatus", "ASSURED")], {}],
		["mac", [option("--mac-source", "XX:XX:XX:XX:XX:XX")], {}],
		[
			"multiport",
			[option("--dports", "1,2,3,4,5,6,7,8:9,10:11,12:13,14:15,16")],
			{},
		],
		["multiport", [option("--dports", "22")], { protocol: 1 }],
		["tcp", [option("--tcp-flags", "FIN,SYN,BOGUS", "SYN")], {}],
		["REJECT", [option("--reject-with", "tcp-reset")], { protocol: 17 }],
		["LOG", [option("--log-prefix", "a prefix longer than twenty-nine")], {}],
		["MARK", [option("--set-xmark", "0x4000"), option("--or-mark", "1")], {}],
	];
	test.each(refused)(
		"leaves the rest to parse(): %s %j",
		(name, options, overrides) => {
			const module = modules.find((m) => m.name === name) as Checked;
			expect(module.quickCheck(quickView(options), context(overrides))).toBe(
				false,
			);
		},
	);
});
