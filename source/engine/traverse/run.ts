/**
 * The working state of one `simulate` call: the packet as it is now, its
 * connection, the drafts of the persistent state, and the steps recorded so
 * far. Only the traversal mutates it; `simulate` freezes the result.
 */

import { ConntrackDraft } from "../conntrack/table.js";
import type {
	ConntrackEntry,
	CtInfo,
	CtView,
	TcpConntrackState,
} from "../conntrack/types.js";
import type { TemplateZone } from "../conntrack/zone.js";
import type { HostView } from "../host/host-view.js";
import type { Edit } from "../lib/hamt.js";
import { MapDraft } from "../lib/persistent-map.js";
import type {
	ConnectionLookup,
	IpSet,
	MatchContext,
	RuleStateStore,
} from "../match/types.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { Ruleset, TableName } from "../model/ruleset.js";
import type { NftHost } from "../nft-eval/nft-host.js";
import { type EngineState, nextRandom } from "./engine-state.js";
import { rulesetFor } from "./family-ruleset.js";
import type { LocalOwner } from "./local-socket.js";
import { type RulePlace, RunMatchContext } from "./match-context.js";
import { AttachmentsDraft } from "./pending-attachments.js";
import { sharedTableConfigs } from "./shared-tables.js";
import type { Fate, Step, TraceEvent } from "./trace-types.js";

export type UnknownMatchPolicy = "assume-match" | "assume-no-match" | "stop";

export type SimulateOptions = {
	/** What a match the engine cannot decide counts as. @default 'assume-no-match' */
	readonly unknownMatch?: UnknownMatchPolicy;
	/**
	 * Follow a locally generated packet back in through `lo` (true), or stop
	 * when it is handed to the loopback device (false: `replay` gets the
	 * looped-back packet as its own input line, as the kernel logs it).
	 * @default true
	 */
	readonly followLoopback?: boolean;
	/**
	 * `full` records every step: each rule evaluated and why it failed (for
	 * stepping in a UI); `events` records no steps (the trace's `steps` is
	 * empty), only TRACE events, LOG lines and the fate, for replaying many
	 * packets fast.
	 * @default 'full'
	 */
	readonly detail?: "full" | "events";
	/**
	 * Owner of processes' sockets for locally generated packets that do not
	 * say (log lines carry no UID unless logged with --log-uid); unknown when unset.
	 */
	readonly localOwner?: LocalOwner | undefined;
	/**
	 * The caller never reads the given state again (a replay keeps only the
	 * latest): the next state is then made by changing the given one's maps
	 * in place where earlier packets of the same run made them, instead of
	 * copying their paths. Older states from such a run are not valid after.
	 * The trace is the same either way.
	 * @default false
	 */
	readonly reuseState?: boolean;
};

export type SimulationContext = {
	/** The iptables (IPv4) tables. */
	readonly ruleset: Ruleset;
	/** The ip6tables tables; absent: the host has none (IPv6 crosses empty hooks). */
	readonly ruleset6?: Ruleset;
	readonly host: HostView;
	readonly ipsets?: ReadonlyMap<string, IpSet>;
	/** The host's nftables ruleset, prepared to run (`prepareNft`). */
	readonly nft?: NftHost;
};

/** Keys of one match or target instance's state: `scope|key` (one object per use, methods shared). */
class ScopedStore implements RuleStateStore {
	private readonly draft: MapDraft<string, unknown>;
	private readonly scope: string;

	constructor(draft: MapDraft<string, unknown>, scope: string) {
		this.draft = draft;
		this.scope = scope;
	}

	get<T>(key: string): T | undefined {
		return this.draft.get(`${this.scope}|${key}`) as T | undefined;
	}

	set<T>(key: string, value: T): void {
		this.draft.set(`${this.scope}|${key}`, value);
	}
}

/**
 * The state of the match a rule's evaluation is at: one object per run,
 * moved from match to match, its keys (`ruleId#index|key`, as
 * `scopedState` makes them) written only when a match keeps state.
 */
class MatchStore implements RuleStateStore {
	private readonly draft: MapDraft<string, unknown>;
	ruleId = "";
	index = 0;

	constructor(draft: MapDraft<string, unknown>) {
		this.draft = draft;
	}

	get<T>(key: string): T | undefined {
		return this.draft.get(`${this.ruleId}#${this.index}|${key}`) as
			| T
			| undefined;
	}

	set<T>(key: string, value: T): void {
		this.draft.set(`${this.ruleId}#${this.index}|${key}`, value);
	}
}

export class Run {
	readonly steps: Step[] = [];
	readonly events: TraceEvent[] = [];
	readonly logs: string[] = [];
	readonly generated: Packet[] = [];
	readonly attachments: AttachmentsDraft;
	readonly conntrack: ConntrackDraft;
	/** The host's TCP connections as its sockets see them (socket-view.ts). */
	readonly sockets: ConntrackDraft;
	readonly ruleState: MapDraft<string, unknown>;
	readonly shared: MapDraft<string, unknown>;
	readonly fdb: MapDraft<string, string>;
	readonly context: SimulationContext;
	readonly options: Required<
		Omit<SimulateOptions, "localOwner" | "reuseState">
	>;
	/** The token of in-place changes (`reuseState`), or undefined to copy. */
	readonly reuse: Edit | undefined;
	readonly localOwner: LocalOwner | undefined;
	readonly time: number;
	/** Whether steps are recorded (detail `full`); hot paths skip building them otherwise. */
	readonly recording: boolean;
	/** The table walked last: a policy DROP's fate names it. */
	lastTable: TableName = "filter";
	packet: Packet;
	meta: PacketMeta;
	ct: CtView = { info: "INVALID" };
	/** True once conntrack has looked at the packet (or it came with one attached). */
	ctAttached = false;
	/** True when the connection came with the packet (loopback, REJECT reply). */
	ctFromAttachment = false;
	/**
	 * The conntrack template `-j CT --zone/--helper` attached in raw: conntrack
	 * replaces it with the real connection, and until then it blocks later
	 * CT and NOTRACK rules as any attached conntrack does.
	 */
	ctTemplate:
		| { readonly zone?: TemplateZone; readonly helper?: string }
		| undefined;
	fate: Fate | undefined;
	private randomState: number;

	constructor(
		context: SimulationContext,
		state: EngineState,
		packet: Packet,
		meta: PacketMeta,
		options: SimulateOptions,
	) {
		this.context = context;
		this.options = {
			unknownMatch: options.unknownMatch ?? "assume-no-match",
			followLoopback: options.followLoopback ?? true,
			detail: options.detail ?? "full",
		};
		this.localOwner = options.localOwner;
		this.recording = this.options.detail === "full";
		const reuse = options.reuseState
			? (state.reuse ?? { token: {} })
			: undefined;
		this.reuse = reuse;
		this.conntrack = new ConntrackDraft(state.conntrack, reuse);
		this.conntrack.expire(meta.time);
		this.sockets = new ConntrackDraft(state.sockets, reuse);
		this.sockets.expire(meta.time);
		this.ruleState = new MapDraft(state.ruleState, reuse);
		this.shared = new MapDraft(state.shared, reuse);
		this.fdb = new MapDraft(state.fdb, reuse);
		this.time = meta.time;
		this.attachments = new AttachmentsDraft(
			state.attachments,
			meta.time,
			reuse,
		);
		this.randomState = state.randomState;
		this.packet = packet;
		this.meta = meta;
	}

	/** The tables of the packet's family: one kernel, two sets of x_tables. */
	get ruleset(): Ruleset {
		return rulesetFor(this.context, this.packet);
	}

	// The helpers below are functions and objects handed to matches and
	// NAT; each is made when first asked for, as most packets need none.
	private loadedTableFn: ((key: string) => unknown) | undefined;
	private randomFn: (() => number) | undefined;
	private connectionsView: ConnectionLookup | undefined;
	private sharedStore: RuleStateStore | undefined;
	private matchContext: RunMatchContext | undefined;
	private matchStore: MatchStore | undefined;

	/** A shared kernel table's configuration (shared-tables.ts). */
	get loadedTable(): (key: string) => unknown {
		this.loadedTableFn ??= (key) =>
			sharedTableConfigs(this.context.ruleset, this.context.ruleset6).get(key);
		return this.loadedTableFn;
	}

	/** The next draw of the run's seeded generator, in [0, 1). */
	get random(): () => number {
		this.randomFn ??= () => {
			const { value, state } = nextRandom(this.randomState);
			this.randomState = state;
			return value;
		};
		return this.randomFn;
	}

	/** The live conntrack table as matches see it (connlimit). */
	get connections(): ConnectionLookup {
		this.connectionsView ??= {
			find: (tuple) => this.conntrack.find(tuple, this.time, tuple.zone)?.entry,
		};
		return this.connectionsView;
	}

	get randomPosition(): number {
		return this.randomState;
	}

	step(step: Step): void {
		if (this.recording) this.steps.push(step);
	}

	setConnection(
		info: CtInfo,
		entry: ConntrackEntry | undefined,
		unconfirmed: boolean,
		before?: TcpConntrackState,
	): void {
		this.ct = !entry
			? { info }
			: before === undefined
				? { info, entry, unconfirmed }
				: { info, entry, unconfirmed, before };
		this.ctAttached = true;
	}

	/** Replaces the connection entry (NAT binding, CONNMARK), keeping confirmed entries in the table in step. */
	updateEntry(entry: ConntrackEntry): void {
		this.ct = { ...this.ct, entry };
		if (!this.ct.unconfirmed) this.conntrack.update(entry);
	}

	/** A per-rule state store scoped to one match or target instance. */
	scopedState(scope: string): RuleStateStore {
		return new ScopedStore(this.ruleState, scope);
	}

	/**
	 * What match `index` of rule `ruleId` sees at `place`: the run's one
	 * match context, its state store that of the match (keys as
	 * `scopedState(`${ruleId}#${index}`)` makes them). Valid until the next call.
	 */
	matchContextAt(
		place: RulePlace,
		ruleId: string,
		index: number,
	): MatchContext {
		this.matchStore ??= new MatchStore(this.ruleState);
		this.matchStore.ruleId = ruleId;
		this.matchStore.index = index;
		this.matchContext ??= new RunMatchContext(this, this.matchStore);
		return this.matchContext.at(place, this.matchStore);
	}

	/** Named state shared by rules (recent lists, hashlimit tables). */
	get sharedState(): RuleStateStore {
		this.sharedStore ??= {
			get: <T>(key: string) => this.shared.get(key) as T | undefined,
			set: <T>(key: string, value: T) => this.shared.set(key, value),
		};
		return this.sharedStore;
	}

	rewrite(what: string, after: Packet, afterMeta?: PacketMeta): void {
		const before = this.packet;
		const beforeMeta = this.meta;
		if (
			after === before &&
			(afterMeta === undefined || afterMeta === beforeMeta)
		)
			return;
		this.packet = after;
		if (afterMeta) this.meta = afterMeta;
		if (!this.recording) return;
		this.step({
			kind: "rewrite",
			what,
			before,
			after,
			...(afterMeta ? { beforeMeta, afterMeta } : {}),
		});
	}

	end(fate: Fate): void {
		if (this.fate) return;
		if (this.copyOf !== undefined) {
			if (this.recording)
				this.step({
					kind: "note",
					text: `the copy flooded to ${this.copyOf} ends: ${fate.kind}${"reason" in fate ? ` (${fate.reason})` : ""}`,
				});
			this.copyEnded = true;
			return;
		}
		this.fate = fate;
		this.step({ kind: "fate", fate });
	}

	/** Port a flooded copy is going to while `asCopy` runs. */
	private copyOf: string | undefined;
	private copyEnded = false;

	/**
	 * Runs `walk` on a copy of the packet (a bridge floods one to each port):
	 * the copy's own fate does not end the packet, and the packet continues
	 * as it was before the copy. Returns whether the copy got through.
	 */
	asCopy(port: string, walk: () => void): boolean {
		const packet = this.packet;
		const meta = this.meta;
		this.copyOf = port;
		this.copyEnded = false;
		walk();
		const through = !this.copyEnded;
		this.copyOf = undefined;
		this.packet = packet;
		this.meta = meta;
		return through;
	}
}
