/**
 * `-m ipv6header --header LIST [--soft]` (ip6t_ipv6header.c): the set of
 * extension headers (and whether an upper-layer protocol follows) the packet
 * carries. Without `--soft` it must be exactly the listed set; with it, every
 * listed header must be present (`!`: absent).
 */
import { ipProtocol } from "../model/packet.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	splitList,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type Ipv6headerData = {
	readonly mask: number;
	readonly invert: boolean;
	readonly soft: boolean;
};

/** MASK_* of ip6t_ipv6header.h by the names libip6t_ipv6header accepts. */
const bits: Readonly<Record<string, number>> = {
	"hop-by-hop": 128,
	hop: 128,
	"ipv6-opts": 64,
	dst: 64,
	"ipv6-route": 32,
	route: 32,
	"ipv6-frag": 16,
	frag: 16,
	ah: 8,
	auth: 8,
	esp: 4,
	"ipv6-nonxt": 2,
	none: 2,
	protocol: 1,
	prot: 1,
	all: 255,
};

const specs: OptionSpecs = {
	"--header": { arity: 1, invert: true },
	"--soft": { arity: 0 },
};

const kindBits = { hbh: 128, dst: 64, rt: 32, frag: 16, ah: 8 } as const;

export const ipv6headerMatch: MatchModule<Ipv6headerData> = {
	name: "ipv6header",
	families: ["ipv6"],
	evaluates: ["ipv6"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	required: ["--header"],
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: Ipv6headerData = { mask: 0, invert: false, soft: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (option.name === "--soft") {
				data = { ...data, soft: true };
				continue;
			}
			let mask = 0;
			for (const name of splitList(option.args[0] ?? "")) {
				const bit = bits[name];
				if (bit === undefined)
					diagnostics.push(
						optionError(option, `ipv6header: unknown header "${name}"`),
					);
				else mask |= bit;
			}
			data = { ...data, mask, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const packet = context.packet;
		if (packet.family !== "ipv6") return noMatch("not IPv6");
		let seen = 0;
		for (const header of packet.extHeaders) {
			// The mobility header is no extension header here: a protocol.
			if (header.kind !== "mh") seen |= kindBits[header.kind];
		}
		if (packet.protocol === ipProtocol.ESP) seen |= 4;
		else if (packet.protocol === ipProtocol.NONE6) seen |= 2;
		else seen |= 1;
		const inv = data.invert ? 0xff : 0;
		const pass = data.soft
			? ((seen ^ data.mask ^ inv) & data.mask) === 0
			: data.invert
				? seen !== data.mask
				: seen === data.mask;
		return pass
			? matched
			: noMatch(
					`headers 0x${seen.toString(16)} against 0x${data.mask.toString(16)}`,
				);
	},
	describe: (data) =>
		`ipv6header ${data.invert ? "! " : ""}flags:0x${data.mask.toString(16)}${data.soft ? " soft" : ""}`,
};
