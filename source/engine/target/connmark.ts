/**
 * `-j CONNMARK` (xt_connmark.c): set the connection mark, save the packet
 * mark into it, or restore it into the packet, each with masks. Nothing
 * happens to a packet without a connection.
 */
import { applyXMark, readXMark, type XMark } from "./mark.js";
import {
	badValue,
	exclusive,
	hex,
	lookupOptions,
	type OptionLookup,
	parseNumber,
	targetSpecs,
} from "./target-options.js";
import type { TargetModule } from "./types.js";

export type ConnmarkData =
	| { readonly kind: "set"; readonly xmark: XMark }
	| {
			readonly kind: "save" | "restore";
			readonly nfmask: number;
			readonly ctmask: number;
	  };

const options = [
	"--set-xmark",
	"--set-mark",
	"--and-mark",
	"--or-mark",
	"--xor-mark",
	"--save-mark",
	"--restore-mark",
	"--nfmask",
	"--ctmask",
	"--mask",
];

/** A mask option's value; a value iptables cannot read is reported. */
function maskOption(o: OptionLookup, name: string): number | undefined {
	const text = o.arg(name);
	const value = parseNumber(text);
	if (text !== undefined && value === undefined)
		o.diagnostics.push(
			badValue(
				o.option(name),
				`CONNMARK: bad value for option "${name}", or out of range (0-4294967295)`,
			),
		);
	return value;
}

export const connmarkTarget: TargetModule<ConnmarkData> = {
	name: "CONNMARK",
	needsConntrack: true,
	optionNames: options,
	optionSpecs: targetSpecs(options),
	parse: (raw) => {
		const o = lookupOptions(raw, options, "CONNMARK");
		exclusive(o, options.slice(0, 7), "CONNMARK");
		if (o.has("--save-mark") || o.has("--restore-mark")) {
			const both = maskOption(o, "--mask");
			const nfmask = maskOption(o, "--nfmask") ?? both ?? 0xffffffff;
			const ctmask = maskOption(o, "--ctmask") ?? both ?? 0xffffffff;
			return {
				data: {
					kind: o.has("--save-mark") ? "save" : "restore",
					nfmask,
					ctmask,
				},
				diagnostics: o.diagnostics,
			};
		}
		return {
			data: { kind: "set", xmark: readXMark(o, "CONNMARK") },
			diagnostics: o.diagnostics,
		};
	},
	apply: (data, context) => {
		const entry = context.conntrack.entry;
		if (!entry)
			return {
				effect: { kind: "continue" },
				changes: { note: "CONNMARK: no connection, nothing to do" },
			};
		switch (data.kind) {
			case "set":
				return {
					effect: { kind: "continue" },
					changes: { ctmark: applyXMark(entry.mark, data.xmark) },
				};
			case "save":
				return {
					effect: { kind: "continue" },
					changes: {
						ctmark:
							((entry.mark & ~data.ctmask) ^
								(context.meta.mark & data.nfmask)) >>>
							0,
					},
				};
			case "restore":
				return {
					effect: { kind: "continue" },
					changes: {
						mark:
							((context.meta.mark & ~data.nfmask) ^
								(entry.mark & data.ctmask)) >>>
							0,
					},
				};
		}
	},
	describe: (data) =>
		data.kind === "set"
			? `CONNMARK xset ${hex(data.xmark.value)}/${hex(data.xmark.mask)}`
			: `CONNMARK ${data.kind} nfmask ${hex(data.nfmask)} ctmask ${hex(data.ctmask)}`,
};
