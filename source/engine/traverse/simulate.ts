/**
 * simulate(): one packet through the host, exactly as the kernel would take
 * it, from the state left by the packets before it. Pure: it returns an
 * immutable trace and the next state, and changes nothing it was given.
 */
import type { Mutable } from "../lib/mutable.js";
import type { PacketInput } from "../model/packet.js";
import type { EngineState } from "./engine-state.js";
import { sendLocal } from "./local-output.js";
import { arrive } from "./paths.js";
import { Run, type SimulateOptions, type SimulationContext } from "./run.js";
import type { Trace } from "./trace-types.js";

export type {
	SimulateOptions,
	SimulationContext,
	UnknownMatchPolicy,
} from "./run.js";

export type Simulation = { readonly trace: Trace; readonly state: EngineState };

/** A frame entering on a bridge port enters netfilter on the bridge (br_netfilter). */
function normalize(
	context: SimulationContext,
	input: PacketInput,
): PacketInput {
	const { meta } = input;
	const bridge = meta.inInterface
		? context.host.bridgeOf(meta.inInterface)
		: undefined;
	if (!bridge) return input;
	return {
		packet: input.packet,
		meta: { ...meta, inInterface: bridge, physIn: meta.inInterface },
	};
}

const none: readonly never[] = Object.freeze([]);

/** The list frozen; an empty one (most packets log nothing) is one shared list. */
function frozen<T>(list: T[]): readonly T[] {
	return list.length === 0 ? none : Object.freeze(list);
}

export function simulate(
	context: SimulationContext,
	input: PacketInput,
	state: EngineState,
	options: SimulateOptions = {},
): Simulation {
	const start = normalize(context, input);
	const run = new Run(context, state, start.packet, start.meta, options);
	if (context.nft)
		for (const text of context.nft.notSimulated)
			run.step({ kind: "note", text });
	if (start.meta.inInterface === "") sendLocal(run);
	else arrive(run);
	if (!run.fate)
		run.end({ kind: "stopped", reason: "the simulation ended without a fate" });
	const trace: Trace = Object.freeze({
		steps: frozen(run.steps),
		fate: run.fate ?? { kind: "stopped", reason: "no fate" },
		packetIn: start.packet,
		metaIn: start.meta,
		packetOut: run.packet,
		metaOut: run.meta,
		events: frozen(run.events),
		logs: frozen(run.logs),
		generated: frozen(run.generated),
	});
	const next: Mutable<EngineState> = {
		conntrack: run.conntrack.commit(),
		sockets: run.sockets.commit(),
		ruleState: run.ruleState.commit(),
		shared: run.shared.commit(),
		attachments: run.attachments.commit(),
		fdb: run.fdb.commit(),
		randomState: run.randomPosition,
		packets: state.packets + 1,
	};
	if (run.reuse) next.reuse = run.reuse;
	return { trace, state: next };
}
