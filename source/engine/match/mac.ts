/**
 * `-m mac --mac-source XX:XX:XX:XX:XX:XX` (xt_mac.c): compares the Ethernet
 * source address of the received frame. Only PREROUTING, INPUT and FORWARD;
 * false (even with `!`) when there is no Ethernet header.
 */
import {
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type MacData = { readonly mac?: string; readonly invert: boolean };

const specs: OptionSpecs = { "--mac-source": { arity: 1, invert: true } };

/** Bytes 6..11 of `dst:src:type` as LOG prints MAC=; undefined when shorter. */
export function sourceMacOf(header: string): string | undefined {
	const bytes = header.split(":");
	return bytes.length >= 12
		? bytes.slice(6, 12).join(":").toLowerCase()
		: undefined;
}

/** Six hex bytes, as libxt_mac reads them (after lowercasing). */
const macText = /^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/;

export const macMatch: MatchModule<MacData> = {
	name: "mac",
	required: ["--mac-source"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	allowedHooks: ["PREROUTING", "INPUT", "FORWARD"],
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: MacData = { invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = (option.args[0] ?? "").toLowerCase();
			if (!macText.test(text))
				diagnostics.push(
					optionError(option, `Bad mac address "${option.args[0] ?? ""}"`),
				);
			else
				data = {
					mac: text
						.split(":")
						.map((b) => b.padStart(2, "0"))
						.join(":"),
					invert: option.invert,
				};
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (data.mac === undefined) return matched;
		if (context.inInterface === "")
			return noMatch("no link-layer header (no input device)");
		const device = context.host.interface(context.inInterface);
		if (device !== undefined && device.linkType !== "ether")
			return noMatch(`${context.inInterface} is not an Ethernet device`);
		const header = context.meta.mac;
		if (header === undefined) return unknownOutcome("source MAC not known");
		const source = sourceMacOf(header);
		if (source === undefined) return noMatch("no Ethernet header");
		return check(
			source === data.mac,
			data.invert,
			`MAC ${source} ≠ ${data.mac}`,
		);
	},
	describe: (data) =>
		`MAC ${data.invert ? "! " : ""}${data.mac?.toUpperCase() ?? ""}`,
	quickCheck: (options) =>
		options.count === 1 &&
		options.argCount(0) === 1 &&
		macText.test(options.arg(0).toLowerCase()),
};
