/**
 * What a rule's `-m` matches see, as one object per run moved from rule to
 * rule: every packet meets several rules with matches, and a context per
 * rule was a good part of what a packet allocates. Matches only read it
 * during their `evaluate` call. The run's helpers (random draws, the live
 * table, shared state) are asked for only when a match reads them.
 */
import type { CtView } from "../conntrack/types.js";
import type { HostView } from "../host/host-view.js";
import type {
	ConnectionLookup,
	IpSet,
	MatchContext,
	RuleStateStore,
} from "../match/types.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { HookName, TableName } from "../model/ruleset.js";
import type { Run } from "./run.js";

/** Where a rule is met: the hook, table and devices of the walk. */
export type RulePlace = {
	readonly hook: HookName;
	readonly table: TableName;
	readonly inDevice: string;
	readonly outDevice: string;
};

const noIpsets: ReadonlyMap<string, IpSet> = new Map();

export class RunMatchContext implements MatchContext {
	packet: Packet;
	meta: PacketMeta;
	hook: HookName = "PREROUTING";
	table: TableName = "filter";
	inInterface = "";
	outInterface = "";
	conntrack: CtView;
	readonly host: HostView;
	readonly time: number;
	state: RuleStateStore;
	readonly ipsets: ReadonlyMap<string, IpSet>;
	readonly explain: boolean;
	private readonly run: Run;

	constructor(run: Run, state: RuleStateStore) {
		this.run = run;
		this.packet = run.packet;
		this.meta = run.meta;
		this.conntrack = run.ct;
		this.host = run.context.host;
		this.time = run.time;
		this.state = state;
		this.ipsets = run.context.ipsets ?? noIpsets;
		this.explain = run.recording;
	}

	/** The context for one match of a rule met at `place`, with the packet as it is now. */
	at(place: RulePlace, state: RuleStateStore): this {
		const run = this.run;
		this.packet = run.packet;
		this.meta = run.meta;
		this.conntrack = run.ct;
		this.hook = place.hook;
		this.table = place.table;
		this.inInterface = place.inDevice;
		this.outInterface = place.outDevice;
		this.state = state;
		return this;
	}

	get shared(): RuleStateStore {
		return this.run.sharedState;
	}

	get random(): () => number {
		return this.run.random;
	}

	get connections(): ConnectionLookup {
		return this.run.connections;
	}

	get loadedTable(): (key: string) => unknown {
		return this.run.loadedTable;
	}
}
