/**
 * `-m pkttype --pkt-type unicast|broadcast|multicast|otherhost` (xt_pkttype.c):
 * the link-layer class the driver gave the frame (`meta.linkType`, default
 * unicast/host).
 */
import {
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

type LinkType = "host" | "broadcast" | "multicast" | "otherhost";

export type PkttypeData = {
	readonly type?: LinkType;
	readonly invert: boolean;
};

const specs: OptionSpecs = { "--pkt-type": { arity: 1, invert: true } };

const names: Readonly<Record<string, LinkType>> = {
	unicast: "host",
	host: "host",
	broadcast: "broadcast",
	bcast: "broadcast",
	multicast: "multicast",
	mcast: "multicast",
	otherhost: "otherhost",
};

const printed: Readonly<Record<LinkType, string>> = {
	host: "unicast",
	broadcast: "broadcast",
	multicast: "multicast",
	otherhost: "otherhost",
};

export const pkttypeMatch: MatchModule<PkttypeData> = {
	name: "pkttype",
	required: ["--pkt-type"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: PkttypeData = { invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const type = names[(option.args[0] ?? "").toLowerCase()];
			if (type === undefined)
				diagnostics.push(
					optionError(option, `Bad packet type '${option.args[0] ?? ""}'`),
				);
			else data = { type, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (data.type === undefined) return matched;
		const type = context.meta.linkType ?? "host";
		return check(
			type === data.type,
			data.invert,
			`packet type ${printed[type]}, not ${printed[data.type]}`,
		);
	},
	describe: (data) =>
		`PKTTYPE ${data.invert ? "!" : ""}= ${data.type ? printed[data.type] : ""}`,
};
