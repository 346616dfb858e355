/**
 * `-m connbytes --connbytes from[:to] --connbytes-dir original|reply|both
 * --connbytes-mode packets|bytes|avgpkt` (xt_connbytes.c): the connection's
 * packet or byte count so far (this packet included), inclusive; `!` swaps
 * the bounds, which the kernel reads as "outside". No connection: no match.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

type Direction = "original" | "reply" | "both";
type Mode = "packets" | "bytes" | "avgpkt";

export type ConnbytesData = {
	readonly from: number;
	readonly to: number;
	readonly direction: Direction;
	readonly mode: Mode;
};

const specs: OptionSpecs = {
	"--connbytes": { arity: 1, invert: true },
	"--connbytes-dir": { arity: 1 },
	"--connbytes-mode": { arity: 1 },
};

const unbounded = Number.MAX_SAFE_INTEGER;

function parseCount(text: string): number | undefined {
	return /^\d+$/.test(text) ? Number(text) : undefined;
}

export const connbytesMatch: MatchModule<ConnbytesData> = {
	name: "connbytes",
	needsConntrack: true,
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: ConnbytesData = {
			from: 0,
			to: unbounded,
			direction: "both",
			mode: "packets",
		};
		const seen = new Set<string>();
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			seen.add(option.name);
			if (option.name === "--connbytes") {
				const [a = "", b] = text.split(":");
				const from = parseCount(a);
				const to = b === undefined || b === "" ? unbounded : parseCount(b);
				if (from === undefined || to === undefined) {
					diagnostics.push(
						optionError(option, `bad connbytes value "${text}"`),
					);
				} else if (to < from) {
					diagnostics.push(
						optionError(option, `${from} should be less than ${to}`),
					);
				} else {
					data = option.invert
						? { ...data, from: to, to: from }
						: { ...data, from, to };
				}
			} else if (option.name === "--connbytes-dir") {
				if (text === "original" || text === "reply" || text === "both")
					data = { ...data, direction: text };
				else
					diagnostics.push(
						optionError(option, `Unknown --connbytes-dir "${text}"`),
					);
			} else if (text === "packets" || text === "bytes" || text === "avgpkt") {
				data = { ...data, mode: text };
			} else {
				diagnostics.push(
					optionError(option, `Unknown --connbytes-mode "${text}"`),
				);
			}
		}
		const column = firstColumn(options);
		for (const required of [
			"--connbytes",
			"--connbytes-dir",
			"--connbytes-mode",
		]) {
			if (!seen.has(required)) {
				diagnostics.push(
					moduleError(
						column,
						`connbytes: option "${required}" must be specified`,
						"missing-option",
					),
				);
			}
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const counters = context.conntrack.entry?.counters;
		if (!counters) return noMatch("no connection");
		const packets =
			data.direction === "original"
				? counters.originalPackets
				: data.direction === "reply"
					? counters.replyPackets
					: counters.originalPackets + counters.replyPackets;
		const bytes =
			data.direction === "original"
				? counters.originalBytes
				: data.direction === "reply"
					? counters.replyBytes
					: counters.originalBytes + counters.replyBytes;
		const what =
			data.mode === "packets"
				? packets
				: data.mode === "bytes"
					? bytes
					: packets === 0
						? 0
						: Math.floor(bytes / packets);
		const inside =
			data.to >= data.from
				? what >= data.from && what <= data.to
				: what < data.to || what > data.from;
		return inside
			? matched
			: noMatch(
					`${data.mode} ${what} outside ${data.from}:${data.to === unbounded ? "" : data.to}`,
				);
	},
	describe: (data) =>
		`connbytes ${data.from}:${data.to === unbounded ? "" : data.to} connbytes mode ${data.mode} connbytes direction ${data.direction}`,
};
