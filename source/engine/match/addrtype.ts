/**
 * `-m addrtype` (xt_addrtype.c revision 1): `--src-type`/`--dst-type` lists
 * (any listed type matches; `!` inverts each side), `--limit-iface-in` /
 * `--limit-iface-out` restrict local-table entries to the packet's device.
 */

import { addrtype6 } from "../host/host-view6.js";
import type { AddressType } from "../model/host.js";
import type { HookName, RawOption } from "../model/ruleset.js";
import { formatIpv4 } from "../net/ipv4.js";
import { shortIpv6 } from "../net/ipv6-text.js";
import {
	allOf,
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
	splitItems,
	unknownOutcome,
} from "./option-values.js";
import type { MatchContext, MatchModule } from "./types.js";

export const addressTypeNames: readonly AddressType[] = [
	"UNSPEC",
	"UNICAST",
	"LOCAL",
	"BROADCAST",
	"ANYCAST",
	"MULTICAST",
	"BLACKHOLE",
	"UNREACHABLE",
	"PROHIBIT",
	"THROW",
	"NAT",
	"XRESOLVE",
];

type TypeTest = {
	readonly types: readonly AddressType[];
	readonly invert: boolean;
};

export type AddrtypeData = {
	readonly src?: TypeTest;
	readonly dst?: TypeTest;
	readonly limitIface?: "in" | "out";
};

const specs: OptionSpecs = {
	"--src-type": { arity: 1, invert: true },
	"--dst-type": { arity: 1, invert: true },
	"--limit-iface-in": { arity: 0 },
	"--limit-iface-out": { arity: 0 },
};

const ifaceHooks: Readonly<Record<"in" | "out", readonly HookName[]>> = {
	in: ["PREROUTING", "INPUT", "FORWARD"],
	out: ["OUTPUT", "POSTROUTING", "FORWARD"],
};

function parseTypes(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
): TypeTest | undefined {
	// libxt_addrtype takes the first type the given text is a prefix of.
	const names = splitItems((option.args[0] ?? "").toUpperCase());
	const types: AddressType[] = [];
	for (const name of names) {
		const type = addressTypeNames.find(
			(t) => name !== "" && t.startsWith(name),
		);
		if (type === undefined) {
			diagnostics.push(optionError(option, `addrtype: bad type "${name}"`));
			return undefined;
		}
		types.push(type);
	}
	return { types, invert: option.invert };
}

function testSide(
	side: "src" | "dst",
	test: TypeTest | undefined,
	context: MatchContext,
	device: string | undefined,
) {
	if (test === undefined) return matched;
	const address = side === "src" ? context.packet.src : context.packet.dst;
	if (typeof address === "string") {
		const pass = addrtype6(context.host.host, address, test.types, device);
		if (pass !== test.invert) return matched;
		return check(
			pass,
			test.invert,
			`${side} ${shortIpv6(address)} is not ${test.types.join(",")}`,
		);
	}
	const type = context.host.addressType(address, device);
	const pass = test.types.includes(type);
	// The reason is written only for a failure: every packet meets Docker's addrtype rules.
	if (pass !== test.invert) return matched;
	return check(
		pass,
		test.invert,
		`${side} ${formatIpv4(address)} is ${type}, not ${test.types.join(",")}`,
	);
}

/** `-m addrtype`. */
export const addrtypeMatch: MatchModule<AddrtypeData> = {
	name: "addrtype",
	required: ["--src-type", "--dst-type"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: AddrtypeData = {};
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (
				option.name === "--limit-iface-in" ||
				option.name === "--limit-iface-out"
			) {
				const which = option.name.endsWith("in") ? "in" : "out";
				if (data.limitIface !== undefined && data.limitIface !== which)
					diagnostics.push(
						optionError(
							option,
							"addrtype: can't specify both --limit-iface-in and --limit-iface-out",
						),
					);
				data = { ...data, limitIface: which };
				continue;
			}
			const test = parseTypes(option, diagnostics);
			if (test !== undefined)
				data = { ...data, [option.name.slice(2, 5)]: test };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		let device: string | undefined;
		if (data.limitIface !== undefined) {
			if (!ifaceHooks[data.limitIface].includes(context.hook))
				return unknownOutcome(
					`the kernel refuses --limit-iface-${data.limitIface} in ${context.hook}`,
				);
			device =
				data.limitIface === "in" ? context.inInterface : context.outInterface;
		}
		const dev = device === "" ? undefined : device;
		return allOf([
			testSide("src", data.src, context, dev),
			testSide("dst", data.dst, context, dev),
		]);
	},
	describe: (data) => {
		const parts = ["ADDRTYPE match"];
		if (data.src)
			parts.push(
				`src-type ${data.src.invert ? "!" : ""}${data.src.types.join(",")}`,
			);
		if (data.dst)
			parts.push(
				`dst-type ${data.dst.invert ? "!" : ""}${data.dst.types.join(",")}`,
			);
		if (data.limitIface) parts.push(`limit-${data.limitIface}`);
		return parts.join(" ");
	},
};
