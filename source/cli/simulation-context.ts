/**
 * From loaded inputs to what `simulate` needs: the parsed ruleset, the host
 * view, the ipsets, and every diagnostic met on the way. Shared by replay,
 * trace and the explorer so they read inputs the same way.
 */
import {
	createHostView,
	type Diagnostic,
	type HostSettings,
	type IpSet,
	parseHost,
	parseIpsetSave,
	parseRuleset,
	type Ruleset,
	type SimulationContext,
} from "../engine/index.js";
import { type LoadedInputs, settingsFromSysctl } from "./inputs.js";

export type BuiltContext = {
	readonly context: SimulationContext;
	readonly ruleset: Ruleset;
	readonly diagnostics: readonly Diagnostic[];
	readonly hostName: string;
};

export function buildSimulationContext(
	loaded: LoadedInputs & { readonly ok: true },
	overrides: Partial<HostSettings> = {},
): BuiltContext {
	const parsed = parseRuleset(loaded.rulesText, { source: loaded.rulesSource });
	const settings = {
		...(loaded.sysctl ? settingsFromSysctl(loaded.sysctl) : {}),
		...overrides,
	};
	const hostName = loaded.hostName ?? "localhost";
	const host = parseHost({
		...(loaded.addrText === undefined ? {} : { addr: loaded.addrText }),
		...(loaded.routeText === undefined ? {} : { route: loaded.routeText }),
		name: hostName,
		settings,
	});
	let ipsets: ReadonlyMap<string, IpSet> = new Map();
	const diagnostics: Diagnostic[] = [
		...parsed.diagnostics,
		...host.diagnostics,
	];
	if (loaded.ipsetText !== undefined) {
		const sets = parseIpsetSave(loaded.ipsetText);
		ipsets = sets.sets;
		diagnostics.push(...sets.diagnostics);
	}
	return {
		context: {
			ruleset: parsed.ruleset,
			host: createHostView(host.host),
			ipsets,
		},
		ruleset: parsed.ruleset,
		diagnostics,
		hostName,
	};
}
