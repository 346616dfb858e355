/**
 * Where the kernel (xt_check_target) accepts each target, for targets whose
 * registry module does not say itself (or that iptx has no module for).
 * Matches and most targets declare their own tables, hooks and protocols
 * (match/types.ts, target/types.ts). Sources: the `.table` and `.hooks`
 * fields of the xt_* / ipt_* registrations in the Linux kernel.
 */
import type { HookName, TableName } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";

export type Placement = {
	readonly tables?: readonly TableName[];
	readonly hooks?: readonly HookName[];
	/** The kernel needs `-p tcp` (the target's `.proto`). */
	readonly needsTcp?: boolean;
};

/** Targets iptx has no module for (the others declare it in their module). */
const placementWithoutModule: Readonly<Record<string, Placement>> = {
	DNPT: { tables: ["mangle"], hooks: ["PREROUTING"] },
	SNPT: { tables: ["mangle"], hooks: ["POSTROUTING"] },
	// Recorded: `-p tcp -j TCPOPTSTRIP` is refused in filter.
	TCPOPTSTRIP: { tables: ["mangle"], needsTcp: true },
};

const placements = new Map<string, Placement | undefined>();

/** Where target `name` may be and what it needs: as its module says, else as the table above says. */
export function placementOf(name: string): Placement | undefined {
	if (placements.has(name)) return placements.get(name);
	const module = findTargetModule(name);
	const placement: Placement | undefined = module
		? {
				...(module.tables ? { tables: module.tables } : {}),
				...(module.hooks ? { hooks: module.hooks } : {}),
				...(module.needsTcp ? { needsTcp: true } : {}),
			}
		: placementWithoutModule[name];
	placements.set(name, placement);
	return placement;
}
