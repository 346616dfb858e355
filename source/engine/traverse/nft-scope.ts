/**
 * What an nft rule consults at one hook: the packet as the run has it now
 * (read afresh for every expression, since statements change it), the fib
 * lookups, the route's MTU, the table's sets with the elements the packet
 * path added, the replay's random draws, and the state of stateful
 * expressions kept across packets (numgen inc). One object per base chain
 * run and one view per state of the packet: the replay's hot path
 * allocates nothing else here.
 */
import type { HostView } from "../host/host-view.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { HookName } from "../model/ruleset.js";
import type { NftExpr } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import type { NftScope } from "../nft-eval/eval-expr.js";
import { fibResult } from "../nft-eval/fib.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import type { NftPacketView } from "../nft-eval/packet-view.js";
import type { NftSetLookup, SetIndex } from "../nft-eval/set-index.js";
import { liveSet } from "./nft-dynset.js";
import type { Run } from "./run.js";
import type { Devices } from "./walk-table.js";

const expressionIds = new WeakMap<NftExpr, number>();
let lastExpressionId = 0;

/** A name for a stateful expression (numgen inc), stable for the loaded ruleset. */
function expressionId(expr: NftExpr): number {
	const known = expressionIds.get(expr);
	if (known !== undefined) return known;
	lastExpressionId += 1;
	expressionIds.set(expr, lastExpressionId);
	return lastExpressionId;
}

/** The packet as one state of the run has it, at one hook. */
class PacketAtHook implements NftPacketView {
	readonly packet: Packet;
	readonly meta: PacketMeta;
	readonly ct: Run["ct"];
	readonly hook: HookName;
	readonly inDevice: string;
	readonly outDevice: string;
	private readonly host: HostView;

	constructor(run: Run, hook: HookName, devices: Devices) {
		this.packet = run.packet;
		this.meta = run.meta;
		this.ct = run.ct;
		this.hook = hook;
		this.inDevice = devices.inDevice;
		this.outDevice = devices.outDevice;
		this.host = run.context.host;
	}

	routeMtu(): number | undefined {
		return this.outDevice === ""
			? undefined
			: this.host.interface(this.outDevice)?.mtu;
	}

	fib(flags: readonly string[], result: string) {
		return fibResult(
			{
				host: this.host,
				packet: this.packet,
				mark: this.meta.mark,
				hook: this.hook,
				inDevice: this.inDevice,
				outDevice: this.outDevice,
			},
			flags,
			result,
		);
	}
}

class RunScope implements NftScope {
	private readonly run: Run;
	private readonly table: PreparedTable;
	private readonly hook: HookName;
	private readonly devices: Devices;
	private current: PacketAtHook | undefined;
	readonly noteLookup: ((lookup: NftSetLookup) => void) | undefined;

	constructor(
		run: Run,
		table: PreparedTable,
		hook: HookName,
		devices: Devices,
		noteLookup: ((lookup: NftSetLookup) => void) | undefined,
	) {
		this.run = run;
		this.table = table;
		this.hook = hook;
		this.devices = devices;
		this.noteLookup = noteLookup;
	}

	get recording(): boolean {
		return this.run.recording;
	}

	// Rebuilt only after a statement changed the packet, its mark or its connection.
	get view(): NftPacketView {
		const { run, current } = this;
		if (
			current?.packet === run.packet &&
			current.meta === run.meta &&
			current.ct === run.ct
		)
			return current;
		this.current = new PacketAtHook(run, this.hook, this.devices);
		return this.current;
	}

	set(name: string, types: readonly NftDatatype[]): SetIndex | undefined {
		return liveSet(this.run, this.table, name, types);
	}

	random(): number {
		return this.run.random();
	}

	sequence(expr: NftExpr, mod: number): number {
		const state = this.run.scopedState(`nft|numgen|${expressionId(expr)}`);
		const value = state.get<number>("next") ?? 0;
		state.set("next", value + 1 < mod ? value + 1 : 0);
		return value;
	}

	note(text: string): void {
		this.run.step({ kind: "note", text });
	}
}

export function scopeFor(
	run: Run,
	table: PreparedTable,
	hook: HookName,
	devices: Devices,
	/** Hears the rules' set and map lookups (for the trace's steps); undefined when not recording. */
	noteLookup?: (lookup: NftSetLookup) => void,
): NftScope {
	return new RunScope(run, table, hook, devices, noteLookup);
}
