/**
 * The port SNAT and MASQUERADE chose, as the kernel chose it. Linux starts
 * at a random port of the range (nf_nat_l4proto_unique_tuple:
 * get_random_u16()), keeping the original port only when it is free and in
 * range, so a simulation cannot know the port in advance. It binds the
 * connection to a port of its own, remembers which ports the kernel could
 * have taken, and when the first reply arrives at one of them (it shows the
 * kernel's choice) it moves the connection to that port.
 */
import type { RuleStateStore } from "../match/types.js";
import type { Packet } from "../model/packet.js";
import type { NatRange } from "../target/types.js";
import { hasPorts } from "./nat.js";
import type { ConntrackDraft } from "./table.js";
import { tupleKey, tupleOf } from "./tuple.js";
import { ctStatus, type Tuple } from "./types.js";

/** A connection whose source port the kernel may have chosen differently. */
type Choice = {
	/** The reply tuple the simulation bound. */
	readonly reply: Tuple;
	readonly min: number;
	readonly max: number;
};

/** The reply's identity without the port the kernel chose. */
const choiceKey = (t: Tuple): string =>
	`nat-choice|${t.protocol}|${t.src}|${t.sport}|${t.dst}`;

/**
 * The ports a source NAT of `port` may end on: the range's, or without one
 * the original port's class (1-511, 600-1023, 1024-65535).
 */
export function sourcePortChoices(
	port: number,
	range: NatRange,
): { readonly min: number; readonly max: number } {
	if (range.minPort !== undefined && range.maxPort !== undefined)
		return {
			min: Math.min(range.minPort, range.maxPort),
			max: Math.max(range.minPort, range.maxPort),
		};
	if (port < 512) return { min: 1, max: 511 };
	if (port < 1024) return { min: 600, max: 1023 };
	return { min: 1024, max: 65535 };
}

/** Remembers a source NAT binding until its first reply shows the kernel's port. */
export function rememberChoice(
	store: RuleStateStore,
	reply: Tuple,
	choices: { readonly min: number; readonly max: number },
): void {
	if (!hasPorts(reply.protocol) || choices.min === choices.max) return;
	const key = choiceKey(reply);
	const list = store.get<readonly Choice[]>(key) ?? [];
	store.set<readonly Choice[]>(key, [...list, { reply, ...choices }]);
}

/**
 * A packet no connection knows, arriving at a port a pending source NAT
 * could have chosen: the kernel chose that port, so the connection moves
 * there. Returns the connection's id when one moved.
 */
export function followChoice(
	draft: ConntrackDraft,
	store: RuleStateStore,
	packet: Packet,
	now: number,
): number | undefined {
	const seen = tupleOf(packet);
	if (!hasPorts(seen.protocol) || draft.find(seen, now)) return undefined;
	const key = choiceKey(seen);
	const pending = (store.get<readonly Choice[]>(key) ?? []).filter((c) => {
		const entry = draft.find(c.reply, now)?.entry;
		return entry !== undefined && (entry.status & ctStatus.SEEN_REPLY) === 0;
	});
	const index = pending.findIndex(
		(c) => seen.dport >= c.min && seen.dport <= c.max,
	);
	const choice = pending[index];
	store.set<readonly Choice[]>(
		key,
		pending.filter((_, i) => i !== index),
	);
	const entry = choice && draft.find(choice.reply, now)?.entry;
	if (!entry || tupleKey(entry.reply) !== tupleKey(choice.reply))
		return undefined;
	draft.remove(entry);
	draft.insert({ ...entry, reply: seen });
	return entry.id;
}
