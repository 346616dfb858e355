/**
 * Hook limits that depend on a match's options, checked by the kernel's
 * checkentry against every hook that reaches the rule (user chains count
 * for each built-in chain that jumps to them): addrtype's interface limits
 * (xt_addrtype.c), physdev's output device (xt_physdev.c) and policy's
 * direction (xt_policy.c).
 */
import type { HookName, RawOption } from "../model/ruleset.js";

type OptionHookRule = {
	readonly match: string;
	/** Applies when the match carries one of these options. */
	readonly when: (options: readonly RawOption[]) => boolean;
	readonly refused: readonly HookName[];
	readonly message: string;
};

const has =
	(...names: string[]) =>
	(options: readonly RawOption[]): boolean =>
		options.some((option) => names.includes(option.name));

/** physdev-out without an uninverted --physdev-is-bridged. */
function physdevOut(options: readonly RawOption[]): boolean {
	const bridged = options.some(
		(option) => option.name === "--physdev-is-bridged" && !option.invert,
	);
	return !bridged && has("--physdev-out", "--physdev-is-out")(options);
}

const rules: readonly OptionHookRule[] = [
	{
		match: "addrtype",
		when: has("--limit-iface-in"),
		refused: ["OUTPUT", "POSTROUTING"],
		message: "addrtype --limit-iface-in is not valid in OUTPUT, POSTROUTING",
	},
	{
		match: "addrtype",
		when: has("--limit-iface-out"),
		refused: ["PREROUTING", "INPUT"],
		message: "addrtype --limit-iface-out is not valid in PREROUTING, INPUT",
	},
	{
		match: "physdev",
		when: physdevOut,
		refused: ["OUTPUT"],
		message:
			"physdev --physdev-out/--physdev-is-out is not valid in OUTPUT without --physdev-is-bridged",
	},
	{
		match: "policy",
		when: (options) =>
			options.some((o) => o.name === "--dir" && o.args[0] === "out"),
		refused: ["PREROUTING", "INPUT"],
		message: "policy --dir out is not valid in PREROUTING, INPUT",
	},
	{
		match: "policy",
		when: (options) =>
			options.some((o) => o.name === "--dir" && o.args[0] === "in"),
		refused: ["OUTPUT", "POSTROUTING"],
		message: "policy --dir in is not valid in OUTPUT, POSTROUTING",
	},
];

const modulesWithRules: ReadonlySet<string> = new Set(
	rules.map((rule) => rule.match),
);

/** True when some hook limit depends on this match's options. */
export function hasOptionHookRules(name: string): boolean {
	return modulesWithRules.has(name);
}

/**
 * Why the kernel refuses match `name` with `options` in a chain reached from
 * `hooks`: one message per broken rule, naming the offending hooks.
 */
export function optionHookErrors(
	name: string,
	options: readonly RawOption[],
	hooks: ReadonlySet<HookName>,
): string[] {
	const errors: string[] = [];
	for (const rule of rules) {
		if (rule.match !== name || !rule.when(options)) continue;
		const bad = rule.refused.filter((hook) => hooks.has(hook));
		if (bad.length > 0)
			errors.push(
				`${rule.message} (reached from ${bad.join(", ")}; the kernel refuses the table)`,
			);
	}
	return errors;
}
