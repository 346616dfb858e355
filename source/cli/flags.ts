/**
 * Every command's options are checked against what it declares before meow
 * reads them: an unknown option is an error (exit 2), never silently taken
 * as a positional argument or given the next argument as its value.
 */
import { escapeTerminalText } from "../engine/index.js";

/** What a command declares of one option, in meow's shape. */
export type FlagDeclaration = {
	readonly type: "string" | "boolean" | "number";
	readonly shortFlag?: string;
	readonly aliases?: readonly string[];
};

/** Options every command knows. */
const common = ["help", "version"];

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The declared long and short names, each mapped to whether it takes a value. */
function namesOf(
	flags: Readonly<Record<string, FlagDeclaration>>,
): Map<string, boolean> {
	const names = new Map<string, boolean>(common.map((name) => [name, false]));
	for (const [key, flag] of Object.entries(flags)) {
		const value = flag.type !== "boolean";
		names.set(kebab(key), value);
		if (!value) names.set(`no-${kebab(key)}`, false);
		if (flag.shortFlag) names.set(flag.shortFlag, value);
		for (const alias of flag.aliases ?? []) names.set(alias, value);
	}
	return names;
}

/**
 * The first option in `argv` that the command does not declare, or
 * undefined. `--name=value`, `--no-name` for booleans, `-x` short flags and
 * the value after an option that takes one are understood; after `--`
 * everything is positional.
 */
export function unknownFlag(
	argv: readonly string[],
	flags: Readonly<Record<string, FlagDeclaration>>,
): string | undefined {
	const names = namesOf(flags);
	for (let at = 0; at < argv.length; at++) {
		const arg = argv[at] as string;
		if (arg === "--") return undefined;
		if (arg === "-" || !arg.startsWith("-")) continue;
		const long = arg.startsWith("--");
		const name = long ? (arg.slice(2).split("=")[0] as string) : arg.slice(1);
		const takesValue = names.get(name);
		if (takesValue === undefined) return arg;
		if (takesValue && !arg.includes("=")) at++;
	}
	return undefined;
}

/** The one-line refusal of an unknown option. */
export function unknownFlagMessage(command: string, flag: string): string {
	return `${command}: unknown option ${escapeTerminalText(flag)} (${command} --help lists the options)`;
}

/** The host's files as `trace` and `replay` take them: rulesets beside the main one, interfaces, routes, rules, sets. */
export const hostFileFlags = {
	addr: { type: "string" },
	route: { type: "string" },
	rule: { type: "string" },
	rules6: { type: "string" },
	route6: { type: "string" },
	nft: { type: "string" },
	iptablesBackend: { type: "string" },
	ipset: { type: "string" },
	bundle: { type: "string" },
} as const;
