/**
 * Where a packet is after a prefix of its trace: the devices LOG would print
 * as IN= and OUT= at that point, read from the trace's own steps.
 */
import type { PacketMeta } from "../model/packet.js";
import type { Step, Trace } from "../traverse/trace-types.js";

/** The input and output device at one point of a trace ("" when none). */
export type PacketPlace = {
	readonly inInterface: string;
	readonly outInterface: string;
};

/**
 * A route that sends the packet out of a device sets OUT= before the next
 * hook runs: a forward (unicast) or any route of a locally generated packet.
 * A packet routed to this host is delivered through INPUT, which has no OUT=.
 */
function routedOut(step: Step, place: PacketPlace): string | undefined {
	if (step.kind !== "routing" && step.kind !== "routing6") return undefined;
	if (step.outInterface === undefined) return undefined;
	const leaves = place.inInterface === "" || step.decision.kind === "unicast";
	return leaves ? step.outInterface : undefined;
}

/**
 * The devices after `steps[0..cursor]`: those the last hook passed, or the
 * route's device once a routing decision sends the packet out.
 */
export function placeAt(trace: Trace, cursor: number): PacketPlace {
	let place: PacketPlace = {
		inInterface: trace.metaIn.inInterface,
		outInterface: trace.metaIn.outInterface ?? "",
	};
	const last = Math.min(cursor, trace.steps.length - 1);
	for (let index = 0; index <= last; index++) {
		const step = trace.steps[index] as Step;
		if (step.kind === "hook")
			place = {
				inInterface: step.inInterface,
				outInterface: step.outInterface,
			};
		const out = routedOut(step, place);
		if (out !== undefined) place = { ...place, outInterface: out };
	}
	return place;
}

/** `meta` with the devices of `place`, for formatting the packet where it is. */
export function metaAt(meta: PacketMeta, place: PacketPlace): PacketMeta {
	const { outInterface: _, ...rest } = meta;
	return place.outInterface === ""
		? { ...rest, inInterface: place.inInterface }
		: { ...rest, ...place };
}
