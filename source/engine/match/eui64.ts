/**
 * `-m eui64` (ip6t_eui64.c): the source address's interface identifier is
 * the modified EUI-64 of the frame's source MAC (PREROUTING, INPUT and
 * FORWARD, where a link-layer header exists).
 */
import { matched, noMatch, unknownOutcome } from "./option-values.js";
import type { MatchModule } from "./types.js";

/** The interface identifier (groups 5-8 of the kernel spelling) from a MAC. */
export function eui64Of(mac: string): string {
	const b = mac.split(":").map((x) => Number.parseInt(x, 16));
	const bytes = [
		(b[0] ?? 0) ^ 2,
		b[1] ?? 0,
		b[2] ?? 0,
		0xff,
		0xfe,
		b[3] ?? 0,
		b[4] ?? 0,
		b[5] ?? 0,
	];
	const hex = bytes.map((x) => x.toString(16).padStart(2, "0"));
	return `${hex[0]}${hex[1]}:${hex[2]}${hex[3]}:${hex[4]}${hex[5]}:${hex[6]}${hex[7]}`;
}

export const eui64Match: MatchModule<Record<string, never>> = {
	name: "eui64",
	families: ["ipv6"],
	evaluates: ["ipv6"],
	optionNames: [],
	allowedHooks: ["PREROUTING", "INPUT", "FORWARD"],
	parse: () => ({ data: {}, diagnostics: [] }),
	evaluate: (_data, context) => {
		const mac = context.meta.mac;
		const src = context.packet.src;
		if (typeof src !== "string") return noMatch("not IPv6");
		if (mac === undefined || mac.length < 41 || mac.slice(36, 41) !== "86:dd")
			return unknownOutcome("the frame's source MAC is not known");
		const id = eui64Of(mac.slice(18, 35));
		return src.slice(20) === id
			? matched
			: noMatch(`interface id is not ${id}`);
	},
	describe: () => "eui64",
};
