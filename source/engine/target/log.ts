/**
 * `-j LOG` (xt_LOG.c): asks the kernel logger for one line and returns
 * CONTINUE. `--log-prefix` (at most 29 characters, copied exactly before
 * `IN=`), `--log-level` 0-7 or a name (default 4), and the flags
 * `--log-tcp-sequence`, `--log-tcp-options`, `--log-ip-options`,
 * `--log-uid`, `--log-macdecode`.
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	optionWarning,
	parseUnsigned,
} from "../match/option-values.js";
import type { QuickOptions } from "../match/types.js";
import type { LogRequest, TargetModule } from "./types.js";

const levels: Readonly<Record<string, number>> = {
	emerg: 0,
	panic: 0,
	alert: 1,
	crit: 2,
	error: 3,
	warning: 4,
	notice: 5,
	info: 6,
	debug: 7,
};

/** The kernel keeps 29 characters of a prefix (xt_LOG: 30 with the NUL). */
const maxPrefix = 29;

const flags = {
	"--log-tcp-sequence": "tcpSequence",
	"--log-tcp-options": "tcpOptions",
	"--log-ip-options": "ipOptions",
	"--log-uid": "uid",
	"--log-macdecode": "macDecode",
} as const;

const specs: OptionSpecs = {
	"--log-prefix": { arity: 1 },
	"--log-level": { arity: 1 },
	...Object.fromEntries(Object.keys(flags).map((name) => [name, { arity: 0 }])),
};

/**
 * Parses a syslog level as iptables 1.8.9 does: a number 0–7 in C notation
 * (`07`, `0x3`) or one of its lower-case names (no `warn`/`err`); undefined
 * when invalid.
 */
export function parseLogLevel(text: string): number | undefined {
	const number = parseUnsigned(text);
	if (number !== undefined) return number <= 7 ? number : undefined;
	return Object.hasOwn(levels, text) ? levels[text] : undefined;
}

/** LOG with no options: level 4 (warning), no prefix, no extra fields. */
export const logDefaults: LogRequest = {
	kind: "LOG",
	prefix: "",
	level: 4,
	tcpSequence: false,
	tcpOptions: false,
	ipOptions: false,
	uid: false,
	macDecode: false,
};

/**
 * Each option once, without `!`: a prefix of 1 to 29 characters without a
 * newline, a known level, flags without arguments.
 */
function quickLog(options: QuickOptions): boolean {
	for (let i = 0; i < options.count; i++) {
		if (options.inverted(i)) return false;
		const name = options.name(i);
		const count = options.argCount(i);
		const text = options.arg(i);
		if (name === "--log-prefix") {
			if (count !== 1 || text === "" || text.length > maxPrefix) return false;
			if (text.includes("\n")) return false;
		} else if (name === "--log-level") {
			if (count !== 1 || parseLogLevel(text) === undefined) return false;
		} else if (count !== 0) return false;
	}
	return true;
}

export const logTarget: TargetModule<LogRequest> = {
	name: "LOG",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	quickCheck: quickLog,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: LogRequest = logDefaults;
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (option.name === "--log-prefix") {
				if (text === "")
					diagnostics.push(
						optionError(
							option,
							"--log-prefix: Argument must have a minimum length of 1 characters",
						),
					);
				if (text.includes("\n"))
					diagnostics.push(
						optionError(option, "Newlines not allowed in --log-prefix"),
					);
				if (text.length > maxPrefix)
					diagnostics.push(
						optionWarning(
							option,
							`--log-prefix is cut to ${maxPrefix} characters: "${text.slice(0, maxPrefix)}"`,
							"truncated",
						),
					);
				data = { ...data, prefix: text.slice(0, maxPrefix) };
			} else if (option.name === "--log-level") {
				const level = parseLogLevel(text);
				if (level === undefined)
					diagnostics.push(optionError(option, `log level "${text}" unknown`));
				else data = { ...data, level };
			} else
				data = { ...data, [flags[option.name as keyof typeof flags]]: true };
		}
		return { data, diagnostics };
	},
	apply: (data) => ({
		effect: { kind: "continue" },
		changes: { logRequest: data },
	}),
	describe: (data) =>
		[
			`LOG flags ${(data.tcpSequence ? 1 : 0) | (data.tcpOptions ? 2 : 0) | (data.ipOptions ? 4 : 0) | (data.uid ? 8 : 0) | (data.macDecode ? 32 : 0)} level ${data.level}`,
			...(data.prefix ? [`prefix "${data.prefix}"`] : []),
		].join(" "),
};
