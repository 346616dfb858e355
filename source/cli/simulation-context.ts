/**
 * From loaded inputs to what `simulate` needs: the parsed ruleset, the host
 * view, the ipsets, the connections the host already had (`conntrack -L`),
 * and every diagnostic met on the way. Replay, trace and the explorer all
 * read their inputs through here.
 */
import {
	type ConntrackEntry,
	createEngineState,
	createHostView,
	type Diagnostic,
	type EngineState,
	type HostSettings,
	type IpSet,
	parseHost,
	parseIpsetSave,
	parseRuleset,
	type Ruleset,
	type SimulationContext,
	withConnections,
} from "../engine/index.js";
import {
	parseConntrackList,
	toConntrackEntry,
} from "../live/conntrack-list.js";
import { type LoadedInputs, settingsFromSysctl } from "./inputs.js";

export type BuiltContext = {
	readonly context: SimulationContext;
	readonly ruleset: Ruleset;
	readonly diagnostics: readonly Diagnostic[];
	readonly hostName: string;
	/** The engine state to start from at packet time `now` (seconds): the host's known connections. */
	readonly initialState: (now: number, seed?: number) => EngineState;
	/** How many connections `initialState` carries. */
	readonly connections: number;
};

export function buildSimulationContext(
	loaded: LoadedInputs & { readonly ok: true },
	overrides: Partial<HostSettings> = {},
): BuiltContext {
	const parsed = parseRuleset(loaded.rulesText, {
		source: loaded.rulesSource,
		...(loaded.rulesAscii ? { ascii: loaded.rulesAscii } : {}),
	});
	const settings = {
		...(loaded.sysctl ? settingsFromSysctl(loaded.sysctl) : {}),
		...overrides,
	};
	const hostName = loaded.hostName ?? "localhost";
	const host = parseHost({
		...(loaded.addrText === undefined ? {} : { addr: loaded.addrText }),
		...(loaded.routeText === undefined ? {} : { route: loaded.routeText }),
		...(loaded.ruleText === undefined ? {} : { rule: loaded.ruleText }),
		...(loaded.route6Text === undefined ? {} : { route6: loaded.route6Text }),
		name: hostName,
		settings,
	});
	let ipsets: ReadonlyMap<string, IpSet> = new Map();
	const parsed6 =
		loaded.rules6Text === undefined
			? undefined
			: parseRuleset(loaded.rules6Text, {
					source: "rules6",
					family: "ipv6",
				});
	const diagnostics: Diagnostic[] = [
		...parsed.diagnostics,
		...(parsed6?.diagnostics ?? []),
		...host.diagnostics,
	];
	if (loaded.ipsetText !== undefined) {
		const sets = parseIpsetSave(loaded.ipsetText);
		ipsets = sets.sets;
		diagnostics.push(...sets.diagnostics);
	}
	const { entries, diagnostics: listDiagnostics } =
		loaded.conntrackText === undefined
			? { entries: [], diagnostics: [] }
			: parseConntrackList(loaded.conntrackText, "conntrack -L");
	diagnostics.push(...listDiagnostics);
	const initialState = (now: number, seed = 1): EngineState => {
		const known = entries
			.map((entry, index) => toConntrackEntry(entry, { id: index + 1, now }))
			.filter((entry): entry is ConntrackEntry => entry !== undefined);
		const fresh = createEngineState(seed);
		return known.length > 0 ? withConnections(fresh, known) : fresh;
	};
	return {
		context: {
			ruleset: parsed.ruleset,
			...(parsed6 ? { ruleset6: parsed6.ruleset } : {}),
			host: createHostView(host.host),
			ipsets,
		},
		ruleset: parsed.ruleset,
		diagnostics,
		hostName,
		initialState,
		connections: entries.length,
	};
}
