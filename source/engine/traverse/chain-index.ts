/**
 * Skipping rules that cannot match: in long chains (kube-proxy's
 * KUBE-SERVICES holds one rule per service) most rules test one exact
 * destination address. A rule whose `-d a.b.c.d/32` differs from the
 * packet's destination fails its header test before any match runs, so
 * skipping it changes nothing the kernel would show; only the rules for
 * this destination and the rules without such a test are visited.
 */
import type { Chain } from "../model/ruleset.js";

type ChainIndex = {
	/** Positions of rules testing exactly this destination, ascending. */
	readonly byDestination: ReadonlyMap<number, readonly number[]>;
	/** Positions of every other rule, ascending. */
	readonly others: readonly number[];
};

/** Chains shorter than this are scanned; building an index would cost more. */
const minimumRules = 64;

const indexes = new WeakMap<Chain, ChainIndex | null>();

function build(chain: Chain): ChainIndex | null {
	if (chain.rules.length < minimumRules) return null;
	const byDestination = new Map<number, number[]>();
	const others: number[] = [];
	chain.rules.forEach((rule, position) => {
		const test = rule.header.destination;
		if (test && !test.invert && test.mask === 0xffffffff) {
			const list = byDestination.get(test.addr);
			if (list) list.push(position);
			else byDestination.set(test.addr, [position]);
		} else {
			others.push(position);
		}
	});
	return byDestination.size === 0 ? null : { byDestination, others };
}

/** First position ≥ `from` in an ascending list, or Infinity. */
function nextIn(list: readonly number[] | undefined, from: number): number {
	if (!list) return Number.POSITIVE_INFINITY;
	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((list[middle] ?? 0) < from) low = middle + 1;
		else high = middle;
	}
	return list[low] ?? Number.POSITIVE_INFINITY;
}

/**
 * The next position at or after `from` whose rule could match a packet to
 * `destination` (the chain's length when none can).
 */
export function nextCandidate(
	chain: Chain,
	from: number,
	destination: number,
): number {
	let index = indexes.get(chain);
	if (index === undefined) {
		index = build(chain);
		indexes.set(chain, index);
	}
	if (index === null) return from;
	const next = Math.min(
		nextIn(index.byDestination.get(destination), from),
		nextIn(index.others, from),
	);
	return Number.isFinite(next) ? next : chain.rules.length;
}
