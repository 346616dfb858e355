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
	findJumpLoops,
	type HostSettings,
	type HostView,
	type IpSet,
	type PacketMeta,
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
import { readHostNft } from "./nft-input.js";

export type BuiltContext = {
	readonly context: SimulationContext;
	readonly ruleset: Ruleset;
	readonly diagnostics: readonly Diagnostic[];
	readonly hostName: string;
	/** The engine state to start from at packet time `now` (seconds): the host's known connections. */
	readonly initialState: (now: number, seed?: number) => EngineState;
	/** How many connections `initialState` carries. */
	readonly connections: number;
	/**
	 * Why no packet can be simulated: the kernel refuses the ruleset (a jump
	 * loop a hook reaches), so no command may run one through it.
	 */
	readonly refusal?: string;
	/**
	 * Why the host cannot receive a packet, or undefined: it arrives on an
	 * interface (or bridge port) the host does not have. Asked only when
	 * host files describe the host (a bare ruleset has no interfaces to know).
	 */
	readonly unknownDevice: (meta: PacketMeta) => string | undefined;
	/** Things to tell about the inputs (an ip6tables-save file given as the rules). */
	readonly notes: readonly string[];
	/** Reading errors found since, in nft bodies read when first needed. */
	readonly laterDiagnostics: () => readonly Diagnostic[];
};

/** See `BuiltContext.unknownDevice`. */
function deviceCheck(
	host: HostView,
	described: boolean,
): (meta: PacketMeta) => string | undefined {
	const refuse = (field: string, device: string) =>
		`the packet arrives on ${field}=${device}, which this host does not have (its interfaces: ${host.host.interfaces.map((iface) => iface.name).join(", ")})`;
	// Asked for every replayed line: nothing is built unless the device is unknown.
	const known = (device: string | undefined) =>
		device === undefined ||
		device === "" ||
		host.interface(device) !== undefined;
	return (meta) => {
		if (!described) return undefined;
		if (!known(meta.inInterface)) return refuse("IN", meta.inInterface);
		if (!known(meta.physIn)) return refuse("PHYSIN", meta.physIn ?? "");
		return undefined;
	};
}

/** The kernel's refusal of a ruleset with jump loops, naming each loop. */
function loopRefusal(ruleset: Ruleset, source: string): string | undefined {
	const loops = findJumpLoops(ruleset);
	if (loops.length === 0) return undefined;
	const named = loops.map(
		(loop) =>
			`  ${loop.table} table: ${loop.path.join(" → ")} (${source}:${loop.rule.line}: ${loop.rule.text})`,
	);
	return [
		"the kernel refuses this ruleset (ELOOP: a loop of jumps), so no packet can go through it:",
		...named,
	].join("\n");
}

function refusalOf(
	ruleset: Ruleset,
	source: string,
): { readonly refusal?: string } {
	const refusal = loopRefusal(ruleset, source);
	return refusal === undefined ? {} : { refusal };
}

/**
 * `nftRulesLater`: nft chain bodies are read when first shown or run (the
 * explorer); what reading one finds wrong is reported then, not here.
 */
export function buildSimulationContext(
	loaded: LoadedInputs & { readonly ok: true },
	overrides: Partial<HostSettings> = {},
	reading: { readonly nftRulesLater?: boolean } = {},
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
		...(loaded.hostSources ? { source: loaded.hostSources } : {}),
	});
	let ipsets: ReadonlyMap<string, IpSet> = new Map();
	// An ip6tables-save file given as the rules holds the IPv6 tables: never shown as IPv4.
	const rulesAre6 =
		parsed.ruleset.family === "ipv6" && loaded.rules6Text === undefined;
	const parsed6 = rulesAre6
		? parsed
		: loaded.rules6Text === undefined
			? undefined
			: parseRuleset(loaded.rules6Text, {
					source: loaded.hostSources?.rules6 ?? "rules6",
					family: "ipv6",
				});
	const ruleset4 = rulesAre6
		? parseRuleset("", { family: "ipv4" }).ruleset
		: parsed.ruleset;
	const diagnostics: Diagnostic[] = [
		...parsed.diagnostics,
		...(rulesAre6 ? [] : (parsed6?.diagnostics ?? [])),
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
	const hostView = createHostView(host.host);
	const nft = readHostNft(
		loaded,
		ruleset4,
		parsed6?.ruleset,
		reading.nftRulesLater === true,
	);
	diagnostics.push(...nft.diagnostics);
	return {
		unknownDevice: deviceCheck(
			hostView,
			loaded.addrText !== undefined || loaded.routeText !== undefined,
		),
		context: {
			ruleset: ruleset4,
			...(parsed6 ? { ruleset6: parsed6.ruleset } : {}),
			...(nft.host ? { nft: nft.host } : {}),
			host: hostView,
			ipsets,
		},
		ruleset: ruleset4,
		diagnostics,
		laterDiagnostics: nft.later,
		notes: rulesAre6
			? [
					`${loaded.rulesSource} is ip6tables-save output: it holds the IPv6 tables (IPv4 packets meet no iptables table)`,
				]
			: [],
		hostName,
		initialState,
		connections: entries.length,
		...refusalOf(parsed.ruleset, loaded.rulesSource),
		...(parsed6 && !rulesAre6
			? refusalOf(parsed6.ruleset, loaded.hostSources?.rules6 ?? "rules6")
			: {}),
	};
}
