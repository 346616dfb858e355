/**
 * Targets of the raw table, before conntrack: NOTRACK and `CT --notrack`
 * make the packet untracked; other CT options attach a template (zone,
 * helper); TRACE marks the packet for the kernel's TRACE log.
 */
import type { TemplateZone } from "../conntrack/zone.js";
import type { ParseContext } from "../match/types.js";
import {
	badValue,
	lookupOptions,
	type OptionLookup,
	parseNumber,
	targetSpecs,
} from "./target-options.js";
import type { TargetModule } from "./types.js";

export const notrackTarget: TargetModule<null> = {
	name: "NOTRACK",
	optionNames: [],
	tables: ["raw"],
	parse: (raw) => ({
		data: null,
		diagnostics: lookupOptions(raw, [], "NOTRACK").diagnostics,
	}),
	apply: () => ({ effect: { kind: "notrack" } }),
	describe: () => "NOTRACK",
};

type CtData = {
	readonly notrack: boolean;
	readonly zone?: TemplateZone;
	readonly helper?: string;
};
const ctOptions = [
	"--notrack",
	"--zone",
	"--zone-orig",
	"--zone-reply",
	"--helper",
	"--ctevents",
	"--expevents",
	"--timeout",
];

/**
 * Conntrack helpers the kernel registers by name, with the L4 protocols each
 * is registered for (recorded on Linux 6.18 with every helper built in).
 * irc, pptp, netbios-ns, snmp and snmp_trap exist for IPv4 only.
 */
const ctHelpers: Readonly<Record<string, readonly number[]>> = {
	ftp: [6],
	irc: [6],
	pptp: [6],
	"Q.931": [6],
	sane: [6],
	sip: [6, 17],
	amanda: [17],
	"netbios-ns": [17],
	RAS: [17],
	"H.245": [17],
	tftp: [17],
	snmp: [17],
	snmp_trap: [17],
};
const ipv4OnlyHelpers = ["irc", "pptp", "netbios-ns", "snmp", "snmp_trap"];

/**
 * xt_CT looks `--helper NAME` up for the rule's own `-p` (not inverted) and
 * family, case-sensitively; the kernel refuses the rule when no helper of
 * that name is registered for them (`-p udp -j CT --helper ftp`).
 */
function ctHelperErrors(o: OptionLookup, context: ParseContext): void {
	const option = o.option("--helper");
	if (option === undefined) return;
	const name = option.args[0] ?? "";
	const protocols = Object.hasOwn(ctHelpers, name) ? ctHelpers[name] : [];
	const family = context.family === "ipv4" || !ipv4OnlyHelpers.includes(name);
	let problem: string | undefined;
	if (context.protocol === 0 || context.protocolInverted)
		problem = "a helper needs -p PROTO (not inverted)";
	else if (protocols === undefined || protocols.length === 0)
		problem = `the kernel has no conntrack helper "${name}"`;
	else if (!protocols.includes(context.protocol) || !family)
		problem = `helper "${name}" does not exist for protocol ${context.protocol} in ${context.family}`;
	if (problem !== undefined)
		o.diagnostics.push(
			badValue(
				option,
				`CT --helper ${name}: ${problem}; the kernel refuses the rule`,
			),
		);
}

/**
 * `--zone ID|mark`, `--zone-orig`, `--zone-reply` (libxt_CT's
 * ct_parse_zone_id, xt_ct_flags_to_dir): `mark` takes the zone from the
 * packet's mark; -orig or -reply alone limit the zone to that direction.
 */
function ctZone(o: OptionLookup): TemplateZone | undefined {
	const names = ["--zone", "--zone-orig", "--zone-reply"] as const;
	const given = names.filter((name) => o.has(name));
	const last = given.at(-1);
	if (last === undefined) return undefined;
	const text = o.arg(last) ?? "";
	const id = parseNumber(text);
	if (text.toLowerCase() !== "mark" && (id === undefined || id > 0xffff))
		o.diagnostics.push(
			badValue(
				o.option(last),
				`CT ${last}: cannot parse "${text}" as a zone ID`,
			),
		);
	const zone = text.toLowerCase() === "mark" ? "mark" : (id ?? 0) & 0xffff;
	const orig = given.includes("--zone-orig");
	const reply = given.includes("--zone-reply");
	if (orig === reply) return { zone };
	return { zone, zoneDirection: orig ? "original" : "reply" };
}

export const ctTarget: TargetModule<CtData> = {
	name: "CT",
	optionNames: ctOptions,
	optionSpecs: targetSpecs(ctOptions),
	tables: ["raw"],
	// CT attaches a template (zone, helper), except with --notrack.
	needsConntrack: (options) => !options.some((o) => o.name === "--notrack"),
	parse: (raw, context) => {
		const o = lookupOptions(raw, ctOptions, "CT");
		ctHelperErrors(o, context);
		const zone = ctZone(o);
		const helper = o.arg("--helper");
		return {
			data: {
				notrack: o.has("--notrack"),
				...(zone === undefined ? {} : { zone }),
				...(helper === undefined ? {} : { helper }),
			},
			diagnostics: o.diagnostics,
		};
	},
	apply: (data) => ({
		effect: {
			kind: "ct",
			notrack: data.notrack,
			...(data.zone === undefined ? {} : { zone: data.zone }),
			...(data.helper === undefined ? {} : { helper: data.helper }),
		},
		...(data.helper
			? {
					changes: {
						note: `CT helper ${data.helper}: its expectations (RELATED connections) are not modelled`,
					},
				}
			: {}),
	}),
	describe: (data) =>
		data.notrack
			? "CT notrack"
			: `CT${data.zone === undefined ? "" : ` zone ${data.zone.zone}${data.zone.zoneDirection === undefined ? "" : ` (${data.zone.zoneDirection} direction)`}`}${data.helper ? ` helper ${data.helper}` : ""}`,
};

export const traceTarget: TargetModule<null> = {
	name: "TRACE",
	optionNames: [],
	tables: ["raw"],
	parse: (raw) => ({
		data: null,
		diagnostics: lookupOptions(raw, [], "TRACE").diagnostics,
	}),
	apply: () => ({
		effect: { kind: "trace" },
		changes: {
			note: "TRACE: the kernel logs every rule this packet matches from here on",
		},
	}),
	describe: () => "TRACE",
};
