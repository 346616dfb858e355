/**
 * `-j NFLOG` (xt_NFLOG.c): hands the packet to nfnetlink_log group
 * `--nflog-group` (default 0) for a userspace logger (ulogd), with
 * `--nflog-prefix` (at most 63 characters), `--nflog-range`/`--nflog-size`
 * and `--nflog-threshold`. Nothing reaches the kernel log. Returns CONTINUE.
 * `-j ULOG` is its IPv4-only predecessor, removed in Linux 3.17.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	optionWarning,
	parseDecimal,
} from "../match/option-values.js";
import { logDefaults } from "./log.js";
import type { LogRequest, TargetModule } from "./types.js";

export type NflogData = {
	readonly request: LogRequest;
	readonly size?: number;
	readonly threshold: number;
	readonly legacy: boolean;
};

const base: LogRequest = { ...logDefaults, kind: "NFLOG", group: 0 };

function nflogParser(legacy: boolean) {
	const pre = legacy ? "--ulog" : "--nflog";
	const specs: OptionSpecs = legacy
		? {
				"--ulog-nlgroup": { arity: 1 },
				"--ulog-prefix": { arity: 1 },
				"--ulog-cprange": { arity: 1 },
				"--ulog-qthreshold": { arity: 1 },
			}
		: {
				"--nflog-group": { arity: 1 },
				"--nflog-prefix": { arity: 1 },
				"--nflog-range": { arity: 1 },
				"--nflog-size": { arity: 1 },
				"--nflog-threshold": { arity: 1 },
			};
	const parse: TargetModule<NflogData>["parse"] = (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: NflogData = {
			request: legacy ? { ...base, group: 1 } : base,
			threshold: 1,
			legacy,
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			const key = option.name.slice(pre.length + 1);
			if (key === "prefix") {
				const max = legacy ? 31 : 63;
				if (text === "")
					diagnostics.push(
						optionError(
							option,
							`${option.name}: Argument must have a minimum length of 1 characters`,
						),
					);
				if (text.length > max)
					diagnostics.push(
						optionWarning(
							option,
							`${option.name} is cut to ${max} characters`,
							"truncated",
						),
					);
				data = {
					...data,
					request: { ...data.request, prefix: text.slice(0, max) },
				};
				continue;
			}
			const value = parseDecimal(
				text,
				key === "group" ? 65535 : key === "nlgroup" ? 32 : 0xffffffff,
			);
			if (value === undefined || (key === "nlgroup" && value === 0)) {
				diagnostics.push(
					optionError(option, `bad value "${text}" for ${option.name}`),
				);
				continue;
			}
			if (key === "group" || key === "nlgroup")
				data = { ...data, request: { ...data.request, group: value } };
			else if (key === "threshold" || key === "qthreshold")
				data = { ...data, threshold: value };
			else data = { ...data, size: value };
		}
		const range = options.find((o) => o.name === "--nflog-range");
		if (range !== undefined && options.some((o) => o.name === "--nflog-size"))
			diagnostics.push(
				optionError(
					range,
					'NFLOG: option "--nflog-range" cannot be used together with "--nflog-size"',
				),
			);
		if (legacy)
			diagnostics.push({
				severity: "warning",
				code: "obsolete-target",
				message: "ULOG was removed in Linux 3.17; use NFLOG",
				column: firstColumn(options),
				length: 1,
			});
		return { data, diagnostics };
	};
	return parse;
}

function describe(data: NflogData): string {
	const name = data.legacy ? "ULOG" : "NFLOG";
	return [
		`${name} group ${data.request.group ?? 0}`,
		...(data.request.prefix ? [`prefix "${data.request.prefix}"`] : []),
		...(data.size !== undefined ? [`size ${data.size}`] : []),
		...(data.threshold !== 1 ? [`threshold ${data.threshold}`] : []),
	].join(" ");
}

function makeTarget(legacy: boolean): TargetModule<NflogData> {
	const parse = nflogParser(legacy);
	return {
		name: legacy ? "ULOG" : "NFLOG",
		optionNames: legacy
			? [
					"--ulog-nlgroup",
					"--ulog-prefix",
					"--ulog-cprange",
					"--ulog-qthreshold",
				]
			: [
					"--nflog-group",
					"--nflog-prefix",
					"--nflog-range",
					"--nflog-size",
					"--nflog-threshold",
				],
		parse,
		apply: (data) => ({
			effect: { kind: "continue" },
			changes: {
				logRequest: data.request,
				note: `${legacy ? "ULOG" : "NFLOG"}: copied to netlink group ${data.request.group ?? 0} for a userspace logger; nothing in the kernel log`,
			},
		}),
		describe,
	};
}

export const nflogTarget = makeTarget(false);
export const ulogTarget = makeTarget(true);
