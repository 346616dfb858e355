/**
 * `-m esp --espspi a[:b]` and `-m ah --ahspi a[:b]` (xt_esp.c, ipt_ah.c): the
 * SPI of the IPsec header, inclusive range, `!` inverts. Non-first fragments
 * never match.
 */
import {
	check,
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseDecimal,
	unknownOutcome,
} from "./option-values.js";
import { requireProtocol } from "./protocol-ports.js";
import type { MatchModule } from "./types.js";

export type SpiData = {
	readonly min: number;
	readonly max: number;
	readonly invert: boolean;
	readonly set: boolean;
};

function spiMatch(name: "esp" | "ah", protocol: number): MatchModule<SpiData> {
	const option = `--${name}spi`;
	const specs: OptionSpecs = { [option]: { arity: 1, invert: true } };
	return {
		name,
		// ip6t_ah reads AH as an extension header: no -p needed there.
		protocol: {
			numbers: [protocol],
			name,
			...(name === "ah" ? { families: ["ipv4"] as const } : {}),
		},
		optionNames: Object.keys(specs),
		optionSpecs: specs,
		parse: (options, context) => {
			const diagnostics: ModuleDiagnostic[] = [];
			let data: SpiData = {
				min: 0,
				max: 0xffffffff,
				invert: false,
				set: false,
			};
			for (const raw of checkOptions(options, specs, diagnostics)) {
				const [a = "", b] = (raw.args[0] ?? "").split(":");
				const min = a === "" ? 0 : parseDecimal(a, 0xffffffff);
				const max =
					b === undefined
						? min
						: b === ""
							? 0xffffffff
							: parseDecimal(b, 0xffffffff);
				if (min === undefined || max === undefined)
					diagnostics.push(optionError(raw, `bad SPI "${raw.args[0] ?? ""}"`));
				else data = { min, max, invert: raw.invert, set: true };
			}
			if (name === "esp" || context.family === "ipv4")
				diagnostics.push(
					...requireProtocol(name, protocol, context, firstColumn(options)),
				);
			return { data, diagnostics };
		},
		evaluate: (data, context) => {
			if (context.packet.fragmentOffset !== 0)
				return noMatch(`${name}: non-first fragment`);
			if (!data.set) return matched;
			const { spi } = context.packet;
			if (spi === undefined) return unknownOutcome("SPI not known");
			return check(
				spi >= data.min && spi <= data.max,
				data.invert,
				`spi ${spi} not ${data.min}:${data.max}`,
			);
		},
		describe: (data) =>
			`${name} spi${data.min === data.max ? "" : "s"}:${data.invert ? "!" : ""}${data.min === data.max ? data.min : `${data.min}:${data.max}`}`,
	};
}

export const espMatch = spiMatch("esp", 50);
export const ahMatch = spiMatch("ah", 51);
