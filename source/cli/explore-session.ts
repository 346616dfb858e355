/**
 * The explorer's session from loaded inputs: the simulation context, and
 * what the user must be told about it. A bare rules file picks up the host
 * files beside it, or gets a host assumed from what the rules name, stated
 * as such; diagnostics are grouped when they repeat.
 */
import { writeFileSync } from "node:fs";
import { assumeHost, createHostView, parseHost } from "../engine/index.js";
import type { Session } from "../ui/engine-port.js";
import { groupDiagnostics } from "../ui/lib/group-diagnostics.js";
import { type CompanionKind, findCompanions } from "./companions.js";
import type { LoadedInputs } from "./inputs.js";
import { nftAbsence } from "./nft-input.js";
import {
	type BuiltContext,
	buildSimulationContext,
} from "./simulation-context.js";

type Loaded = Extract<LoadedInputs, { ok: true }>;

/**
 * A rules file given alone (no --addr/--route/--rule/--ipset for a kind)
 * reads that kind from the files beside it, as a bundle names them.
 */
export function withCompanions(
	inputs: Loaded,
	rules: string | undefined,
	flags: {
		readonly addr?: string | undefined;
		readonly route?: string | undefined;
		readonly rule?: string | undefined;
		readonly ipset?: string | undefined;
		readonly rules6?: string | undefined;
		readonly route6?: string | undefined;
	},
): Loaded {
	if (inputs.origin !== "file" || rules === undefined) return inputs;
	const given = new Set<CompanionKind>();
	const kinds = [
		["addrText", flags.addr],
		["routeText", flags.route],
		["ruleText", flags.rule],
		["ipsetText", flags.ipset],
		["rules6Text", flags.rules6],
		["route6Text", flags.route6],
	] as const;
	for (const [kind, flag] of kinds)
		if (flag !== undefined || inputs[kind] !== undefined) given.add(kind);
	const { files, ...found } = findCompanions(rules, given);
	if (files.length === 0) return inputs;
	return {
		...inputs,
		...found,
		notes: [...inputs.notes, `read beside the rules: ${files.join(", ")}`],
	};
}

export function buildSession(
	inputs: Loaded,
	sample: string | undefined,
	/** Called with the built context (its loop refusal and interface check). */
	onBuilt?: (built: BuiltContext) => void,
): Session {
	// Chain bodies are read when first shown or run: a kube-proxy ruleset opens at once.
	const built = buildSimulationContext(inputs, {}, { nftRulesLater: true });
	onBuilt?.(built);
	const bare =
		inputs.addrText === undefined &&
		inputs.routeText === undefined &&
		(inputs.origin === "file" || inputs.origin === "stdin");
	const assumed = bare ? assumeHost(built.ruleset) : undefined;
	const context = assumed
		? {
				...built.context,
				host: createHostView(
					parseHost({
						addr: assumed.addr,
						route: assumed.route,
						name: built.hostName,
					}).host,
				),
			}
		: built.context;
	const errors = built.diagnostics.filter((d) => d.severity === "error").length;
	const absent = nftAbsence(inputs);
	return {
		context,
		hostName: built.hostName,
		presets: inputs.presets,
		origin: sample ? `sample ${sample}` : originOf(inputs),
		clock: Math.floor(clockOf(inputs.capturedAt) / 1000),
		writeNewFile,
		initialState: built.initialState(0),
		diagnostics: groupDiagnostics(
			// An nft file given as RULES leaves no iptables text: not worth a warning.
			inputs.nftText !== undefined && inputs.rulesText === ""
				? built.diagnostics.filter((d) => d.code !== "empty-file")
				: built.diagnostics,
		),
		laterDiagnostics: () => groupDiagnostics(built.laterDiagnostics()),
		...(assumed ? { assumedHost: assumed.assumptions } : {}),
		...(absent === undefined ? {} : { nftAbsent: absent }),
		notes: [
			...inputs.notes,
			...built.notes,
			...(inputs.origin === "live"
				? [`read with: ${inputs.commands.join(", ")}`]
				: []),
			...(built.connections > 0
				? [`${built.connections} connections from conntrack -L loaded`]
				: []),
			...(errors > 0
				? [
						`${errors} errors in ${inputs.rulesSource}: the kernel would refuse this file (iptx check lists them)`,
					]
				: []),
		],
	};
}

/** `rules.v4 + ruleset.nft`: every ruleset file the session was read from. */
function originOf(inputs: Loaded): string {
	if (inputs.nftSource === undefined) return inputs.rulesSource;
	if (inputs.rulesText === "" || inputs.nftSource === inputs.rulesSource)
		return inputs.nftSource;
	return `${inputs.rulesSource} + ${inputs.nftSource}`;
}

/** The explorer's `w`: a new file only, never one that exists (nothing is overwritten). */
export function writeNewFile(path: string, text: string): string | undefined {
	try {
		writeFileSync(path, text, { flag: "wx", mode: 0o644 });
		return undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === "EEXIST"
			? "the file exists (choose another name)"
			: String((error as Error).message);
	}
}

/** LOG lines are dated from when the state was captured, else from now. */
function clockOf(capturedAt: string | undefined): number {
	const captured =
		capturedAt === undefined ? Number.NaN : Date.parse(capturedAt);
	return Number.isNaN(captured) ? Date.now() : captured;
}
