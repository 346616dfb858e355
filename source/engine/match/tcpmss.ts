/**
 * `-m tcpmss --mss a[:b]` (xt_tcpmss.c): the MSS option of a TCP SYN.
 * Without an MSS option the match is false (true with `!`); `unknown` when
 * the packet's TCP options are not known.
 */
import {
	check,
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
	parseDecimal,
	unknownOutcome,
} from "./option-values.js";
import { requireProtocol } from "./protocol-ports.js";
import type { MatchModule } from "./types.js";

export type TcpmssData = {
	readonly min: number;
	readonly max: number;
	readonly invert: boolean;
};

const specs: OptionSpecs = { "--mss": { arity: 1, invert: true } };

/** The MSS option's value in a hex option list, walked like the kernel. */
export function findMss(hex: string): number | undefined {
	const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
	for (let i = 0; i < bytes.length; ) {
		const kind = bytes[i] ?? 0;
		if (kind === 2 && bytes[i + 1] === 4)
			return ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
		i += kind < 2 ? 1 : bytes[i + 1] || 1;
	}
	return undefined;
}

export const tcpmssMatch: MatchModule<TcpmssData> = {
	name: "tcpmss",
	protocol: { numbers: [6], name: "tcp" },
	required: ["--mss"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: TcpmssData = { min: 0, max: 65535, invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const [a = "", b] = (option.args[0] ?? "").split(":");
			const min = parseDecimal(a, 65535);
			const max = b === undefined ? min : parseDecimal(b, 65535);
			if (min === undefined || max === undefined)
				diagnostics.push(
					optionError(option, `bad MSS "${option.args[0] ?? ""}"`),
				);
			else data = { min, max, invert: option.invert };
		}
		diagnostics.push(
			...requireProtocol("tcpmss", 6, context, firstColumn(options)),
		);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const options = context.packet.tcp?.options;
		if (options === undefined) return unknownOutcome("TCP options not known");
		const mss = findMss(options);
		if (mss === undefined)
			return data.invert
				? matched
				: { result: "no-match", reason: "no MSS option" };
		return check(
			mss >= data.min && mss <= data.max,
			data.invert,
			`MSS ${mss} not ${data.min}:${data.max}`,
		);
	},
	describe: (data) =>
		`tcpmss match ${data.invert ? "!" : ""}${data.min === data.max ? data.min : `${data.min}:${data.max}`}`,
};
