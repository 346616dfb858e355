/**
 * `-m physdev` (xt_physdev.c): the bridge ports a frame entered and leaves
 * by. Packets without bridge information match only if every option used is
 * inverted.
 */
import type { RawOption } from "../model/ruleset.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
} from "./option-values.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

type NameTest = { readonly name: string; readonly invert: boolean };
type FlagTest = { readonly invert: boolean };

export type PhysdevData = {
	readonly in?: NameTest;
	readonly out?: NameTest;
	readonly isIn?: FlagTest;
	readonly isOut?: FlagTest;
	readonly isBridged?: FlagTest;
};

const specs: OptionSpecs = {
	"--physdev-in": { arity: 1, invert: true },
	"--physdev-out": { arity: 1, invert: true },
	"--physdev-is-in": { arity: 0, invert: true },
	"--physdev-is-out": { arity: 0, invert: true },
	"--physdev-is-bridged": { arity: 0, invert: true },
};

const keys = {
	"--physdev-in": "in",
	"--physdev-out": "out",
	"--physdev-is-in": "isIn",
	"--physdev-is-out": "isOut",
	"--physdev-is-bridged": "isBridged",
} as const;

/** `-i`-style name test: `veth+` is a prefix, otherwise exact. */
export function interfaceNameMatches(device: string, pattern: string): boolean {
	return pattern.endsWith("+")
		? device.startsWith(pattern.slice(0, -1))
		: device === pattern;
}

function parseOption(option: RawOption, diagnostics: ModuleDiagnostic[]) {
	const key = keys[option.name as keyof typeof keys];
	if (key === "in" || key === "out") {
		const name = option.args[0] ?? "";
		if (name.length > 15)
			diagnostics.push(
				optionError(option, `interface name "${name}" is too long`),
			);
		return [key, { name, invert: option.invert }] as const;
	}
	return [key, { invert: option.invert }] as const;
}

function evaluate(data: PhysdevData, context: MatchContext): MatchOutcome {
	const { physIn, physOut } = context.meta;
	const used = Object.entries(data) as [string, FlagTest][];
	if (physIn === undefined && physOut === undefined) {
		const plain = used.find(([, test]) => !test.invert);
		return plain === undefined
			? matched
			: noMatch("packet has no bridge information");
	}
	if (data.isBridged && (physOut !== undefined) === data.isBridged.invert)
		return noMatch(`${data.isBridged.invert ? "! " : ""}physdev-is-bridged`);
	if (data.isIn && (physIn === undefined) !== data.isIn.invert)
		return noMatch("physdev-is-in");
	if (data.isOut && (physOut === undefined) !== data.isOut.invert)
		return noMatch("physdev-is-out");
	if (
		data.in &&
		physIn !== undefined &&
		interfaceNameMatches(physIn, data.in.name) === data.in.invert
	)
		return noMatch(
			`physdev-in ${physIn} vs ${data.in.invert ? "! " : ""}${data.in.name}`,
		);
	if (data.out === undefined) return matched;
	if (physOut === undefined) return noMatch("no bridge output port");
	return interfaceNameMatches(physOut, data.out.name) !== data.out.invert
		? matched
		: noMatch(
				`physdev-out ${physOut} vs ${data.out.invert ? "! " : ""}${data.out.name}`,
			);
}

function describe(data: PhysdevData): string {
	const parts = ["PHYSDEV match"];
	const not = (t: FlagTest) => (t.invert ? "! " : "");
	if (data.in) parts.push(`${not(data.in)}--physdev-in ${data.in.name}`);
	if (data.isIn) parts.push(`${not(data.isIn)}--physdev-is-in`);
	if (data.out) parts.push(`${not(data.out)}--physdev-out ${data.out.name}`);
	if (data.isOut) parts.push(`${not(data.isOut)}--physdev-is-out`);
	if (data.isBridged) parts.push(`${not(data.isBridged)}--physdev-is-bridged`);
	return parts.join(" ");
}

export const physdevMatch: MatchModule<PhysdevData> = {
	name: "physdev",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: PhysdevData = {};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const [key, test] = parseOption(option, diagnostics);
			data = { ...data, [key]: test };
		}
		if (options.length === 0)
			diagnostics.push(
				moduleError(1, "PHYSDEV: no physdev option specified", "invalid-value"),
			);
		return { data, diagnostics };
	},
	evaluate,
	describe,
};
