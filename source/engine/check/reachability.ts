/**
 * Which hooks reach each chain through jumps and gotos, and which jumps
 * close a loop — what the kernel's `mark_source_chains` computes at load
 * time. A loop reachable from a hook makes the kernel refuse the table
 * (ELOOP); a loop among chains no hook reaches is loaded without complaint.
 * Chains are numbers here and jumps typed arrays: a kube-proxy table has
 * 40,000 chains and 85,000 jumps, walked once per hook.
 */
import type { HookName } from "../model/ruleset.js";

/**
 * A table's jumps to user chains. Chain `i` is `names[i]`; its jumps, in
 * rule order, are `to[first[i]]` .. `to[first[i + 1] - 1]`.
 */
export type JumpGraph = {
	readonly names: readonly string[];
	readonly first: Int32Array;
	readonly to: Int32Array;
	/** The built-in chains, in the table's order. */
	readonly builtins: readonly number[];
};

export type Reachability = {
	/** Hooks a chain is reached from (a built-in chain: its own hook). */
	readonly hooksOf: (chain: number) => ReadonlySet<HookName>;
	/** Jumps (their index in `to`) that close a loop, with the loop's chain path. */
	readonly loops: readonly {
		readonly jump: number;
		readonly path: readonly string[];
	}[];
};

/**
 * Groups a table's jumps (`from[j]` → `to[j]`, chain numbers, in rule
 * order) into a jump graph; jumps to chains that are not user chains
 * (`userChain[c] !== 1`) are left out. `jumpOf[g]` is the index in
 * `from`/`to` of the graph's jump `g`.
 */
export function groupJumps(
	names: readonly string[],
	builtins: readonly number[],
	userChain: Uint8Array,
	from: ArrayLike<number>,
	to: ArrayLike<number>,
): { readonly graph: JumpGraph; readonly jumpOf: Int32Array } {
	const first = new Int32Array(names.length + 1);
	for (let jump = 0; jump < from.length; jump++) {
		const chain = from[jump] as number;
		if (userChain[to[jump] as number] === 1)
			first[chain + 1] = (first[chain + 1] as number) + 1;
	}
	for (let chain = 0; chain < names.length; chain++)
		first[chain + 1] = (first[chain + 1] as number) + (first[chain] as number);
	const fill = first.slice(0, names.length);
	const targets = new Int32Array(first[names.length] as number);
	const jumpOf = new Int32Array(targets.length);
	for (let jump = 0; jump < from.length; jump++) {
		if (userChain[to[jump] as number] !== 1) continue;
		const chain = from[jump] as number;
		const at = fill[chain] as number;
		fill[chain] = at + 1;
		targets[at] = to[jump] as number;
		jumpOf[at] = jump;
	}
	return { graph: { names, first, to: targets, builtins }, jumpOf };
}

/** Walks every hook's chain graph once (iterative: no recursion limit). */
export function computeReachability(graph: JumpGraph): Reachability {
	const { names, first, to, builtins } = graph;
	const count = names.length;
	const bits = new Int32Array(count);
	const looped = new Uint8Array(to.length);
	const loops: { jump: number; path: string[] }[] = [];
	const stack = new Int32Array(count + 1);
	const next = new Int32Array(count + 1);
	builtins.forEach((hook, index) => {
		const bit = 1 << index;
		// 0: not seen, 1: on the stack, 2: done.
		const state = new Uint8Array(count);
		let depth = 0;
		stack[0] = hook;
		next[0] = first[hook] as number;
		state[hook] = 1;
		bits[hook] = (bits[hook] as number) | bit;
		while (depth >= 0) {
			const chain = stack[depth] as number;
			const jump = next[depth] as number;
			if (jump >= (first[chain + 1] as number)) {
				state[chain] = 2;
				depth--;
				continue;
			}
			next[depth] = jump + 1;
			const target = to[jump] as number;
			if (state[target] === 2) continue;
			if (state[target] === 1) {
				if (looped[jump] === 0) {
					looped[jump] = 1;
					let from = 0;
					while (stack[from] !== target) from++;
					const path: string[] = [];
					for (let at = from; at <= depth; at++)
						path.push(names[stack[at] as number] as string);
					path.push(names[target] as string);
					loops.push({ jump, path });
				}
				continue;
			}
			bits[target] = (bits[target] as number) | bit;
			state[target] = 1;
			depth++;
			stack[depth] = target;
			next[depth] = first[target] as number;
		}
	});
	// One Set per combination of hooks, made when first asked for.
	const hookNames = builtins.map((chain) => names[chain] as HookName);
	const sets = new Map<number, ReadonlySet<HookName>>();
	const hooksOf = (chain: number): ReadonlySet<HookName> => {
		const mask = bits[chain] ?? 0;
		let set = sets.get(mask);
		if (set === undefined) {
			set = new Set(
				hookNames.filter((_, index) => (mask & (1 << index)) !== 0),
			);
			sets.set(mask, set);
		}
		return set;
	};
	return { hooksOf, loops };
}
