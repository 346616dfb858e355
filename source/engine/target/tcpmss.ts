/**
 * `-j TCPMSS --set-mss N | --clamp-mss-to-pmtu` (xt_TCPMSS.c, `-p tcp`):
 * rewrites the MSS option of SYN packets. It never raises an existing MSS;
 * a SYN without one gets an option of at most 536 (RFC 879). Clamping uses
 * the output device's MTU − 40 and is valid only in FORWARD, OUTPUT and
 * POSTROUTING. Other packets pass untouched. Returns CONTINUE.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "../match/option-values.js";
import { findMss } from "../match/tcpmss.js";
import type { TargetContext, TargetModule, TargetResult } from "./types.js";

export type TcpmssData = { readonly mss: number } | { readonly clamp: true };

const specs: OptionSpecs = {
	"--set-mss": { arity: 1 },
	"--clamp-mss-to-pmtu": { arity: 0 },
};

const clampHooks = ["FORWARD", "OUTPUT", "POSTROUTING"];

function apply(data: TcpmssData, context: TargetContext): TargetResult {
	const cont = (note: string, mss?: number): TargetResult => ({
		effect: { kind: "continue" },
		changes: mss === undefined ? { note } : { note, mss },
	});
	const tcp = context.packet.tcp;
	if (tcp === undefined || !(tcp.flags & 0x02))
		return cont("TCPMSS: not a SYN, unchanged");
	let target: number;
	if ("mss" in data) target = data.mss;
	else {
		if (!clampHooks.includes(context.hook))
			return cont(
				`TCPMSS: the kernel refuses --clamp-mss-to-pmtu in ${context.hook}`,
			);
		const mtu = context.host.interface(context.outInterface)?.mtu;
		if (mtu === undefined)
			return cont("TCPMSS: path MTU not known, MSS unchanged");
		target = mtu - 40;
	}
	if (tcp.options === undefined)
		return cont(
			`TCPMSS: MSS lowered to ${target} if larger (options not known)`,
		);
	const old = findMss(tcp.options);
	if (old === undefined) {
		const added = Math.min(target, 536);
		return cont(`TCPMSS: MSS option ${added} added`, added);
	}
	if (old <= target) return cont(`TCPMSS: MSS ${old} kept (≤ ${target})`);
	return cont(`TCPMSS: MSS ${old} → ${target}`, target);
}

export const tcpmssTarget: TargetModule<TcpmssData> = {
	name: "TCPMSS",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	needsTcp: true,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: TcpmssData | undefined;
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (data !== undefined)
				diagnostics.push(
					optionError(
						option,
						"TCPMSS: Only one of --set-mss or --clamp-mss-to-pmtu may be specified",
					),
				);
			if (option.name === "--clamp-mss-to-pmtu") data = { clamp: true };
			else {
				const mss = parseDecimal(option.args[0] ?? "", 65535 - 40);
				if (mss === undefined)
					diagnostics.push(
						optionError(option, `Bad TCPMSS value "${option.args[0] ?? ""}"`),
					);
				else data = { mss };
			}
		}
		const column = firstColumn(options);
		if (data === undefined)
			diagnostics.push(
				moduleError(
					column,
					"TCPMSS target: At least one parameter is required",
					"missing-option",
				),
			);
		if (context.protocol !== 6 || context.protocolInverted)
			diagnostics.push(
				moduleError(
					column,
					"TCPMSS: only valid for -p tcp",
					"protocol-required",
				),
			);
		return { data: data ?? { clamp: true }, diagnostics };
	},
	apply,
	describe: (data) =>
		"mss" in data ? `TCPMSS set ${data.mss}` : "TCPMSS clamp to PMTU",
};
