/**
 * `-j TPROXY --on-port P [--on-ip A] [--tproxy-mark v[/m]]` (xt_TPROXY.c,
 * mangle PREROUTING, `-p tcp|udp`): hands the packet to a transparent socket
 * listening on P without changing its header, marks it for the policy route
 * that delivers it locally, and accepts it. Only a socket opened with
 * IP_TRANSPARENT qualifies, and when none exists the kernel drops the
 * packet. iptx knows no sockets of the host, so it follows the kernel's
 * answer for a host without one (drop) and says what a proxy would change.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	type OptionSpecs,
	optionError,
	parseValueMask,
	type ValueMask,
} from "../match/option-values.js";
import { formatIpv4, parseIpv4 } from "../net/ipv4.js";
import { parsePort } from "../net/port-range.js";
import type { TargetModule } from "./types.js";

export type TproxyData = {
	readonly port: number;
	readonly ip?: number;
	readonly mark?: ValueMask;
};

const specs: OptionSpecs = {
	"--on-port": { arity: 1 },
	"--on-ip": { arity: 1 },
	"--tproxy-mark": { arity: 1 },
};

export const tproxyTarget: TargetModule<TproxyData> = {
	name: "TPROXY",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	tables: ["mangle"],
	hooks: ["PREROUTING"],
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: TproxyData = { port: 0 };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (option.name === "--on-port") {
				const port = parsePort(text);
				if (port === undefined)
					diagnostics.push(optionError(option, `bad port "${text}"`));
				else data = { ...data, port };
			} else if (option.name === "--on-ip") {
				const ip = parseIpv4(text);
				if (ip === undefined)
					diagnostics.push(optionError(option, `bad address "${text}"`));
				else data = { ...data, ip };
			} else {
				const mark = parseValueMask(text);
				if (mark === undefined)
					diagnostics.push(optionError(option, `bad mark "${text}"`));
				else data = { ...data, mark };
			}
		}
		const column = firstColumn(options);
		if (!options.some((o) => o.name === "--on-port"))
			diagnostics.push(
				moduleError(
					column,
					"TPROXY: option --on-port must be specified",
					"missing-option",
				),
			);
		if (![6, 17].includes(context.protocol) || context.protocolInverted)
			diagnostics.push(
				moduleError(
					column,
					"TPROXY: Can be used only with -p tcp or -p udp",
					"protocol-required",
				),
			);
		return { data, diagnostics };
	},
	apply: (data) => {
		const ip =
			data.ip === undefined
				? "the incoming device's address"
				: formatIpv4(data.ip);
		return {
			effect: {
				kind: "drop",
				reason: `TPROXY: no transparent socket is known on ${ip}:${data.port}, so the kernel drops it (with a proxy listening there it would be delivered to the proxy, marked)`,
			},
		};
	},
	describe: (data) =>
		`TPROXY redirect ${data.ip === undefined ? "0.0.0.0" : formatIpv4(data.ip)}:${data.port}${data.mark ? ` mark 0x${data.mark.value.toString(16)}/0x${data.mark.mask.toString(16)}` : ""}`,
};
