/**
 * Which hooks reach each chain through jumps and gotos, and which jumps
 * close a loop — what the kernel's `mark_source_chains` computes at load
 * time. A loop reachable from a hook makes the kernel refuse the table
 * (ELOOP); a loop among chains no hook reaches is loaded without complaint.
 */
import type { HookName, Rule, Table } from "../model/ruleset.js";

export type Reachability = {
	/** Hooks each chain is reached from (built-in chains: their own hook). */
	readonly hooks: ReadonlyMap<string, ReadonlySet<HookName>>;
	/** Rules whose jump closes a loop, with the loop's chain path. */
	readonly loops: readonly {
		readonly rule: Rule;
		readonly path: readonly string[];
	}[];
};

function jumpTarget(table: Table, rule: Rule): string | undefined {
	const target = rule.target;
	if (!target || (target.kind !== "jump" && target.kind !== "goto"))
		return undefined;
	const chain = table.chains.get(target.name);
	return chain && !chain.builtin ? chain.name : undefined;
}

type Frame = { readonly chain: string; next: number };

/** Walks every hook's chain graph once (iterative: no recursion limit). */
export function computeReachability(table: Table): Reachability {
	const hooks = new Map<string, Set<HookName>>();
	const loops: { rule: Rule; path: string[] }[] = [];
	const looped = new Set<string>();
	for (const chain of table.chains.values()) {
		if (!chain.builtin) continue;
		const hook = chain.name as HookName;
		const done = new Set<string>();
		const onStack = new Set<string>([chain.name]);
		const stack: Frame[] = [{ chain: chain.name, next: 0 }];
		addHook(hooks, chain.name, hook);
		while (stack.length > 0) {
			const frame = stack[stack.length - 1] as Frame;
			const rules = table.chains.get(frame.chain)?.rules ?? [];
			if (frame.next >= rules.length) {
				stack.pop();
				onStack.delete(frame.chain);
				done.add(frame.chain);
				continue;
			}
			const rule = rules[frame.next] as Rule;
			frame.next++;
			const to = jumpTarget(table, rule);
			if (to === undefined || done.has(to)) continue;
			if (onStack.has(to)) {
				if (!looped.has(rule.id)) {
					looped.add(rule.id);
					const from = stack.findIndex((f) => f.chain === to);
					loops.push({
						rule,
						path: [...stack.slice(from).map((f) => f.chain), to],
					});
				}
				continue;
			}
			addHook(hooks, to, hook);
			onStack.add(to);
			stack.push({ chain: to, next: 0 });
		}
	}
	return { hooks, loops };
}

function addHook(
	hooks: Map<string, Set<HookName>>,
	chain: string,
	hook: HookName,
): void {
	let set = hooks.get(chain);
	if (!set) {
		set = new Set();
		hooks.set(chain, set);
	}
	set.add(hook);
}
