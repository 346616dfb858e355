/**
 * What an nft rule consults at one hook: the packet as the run has it now
 * (read afresh for every expression, since statements change it), the fib
 * lookups, the route's MTU, the table's sets with the elements the packet
 * path added, the replay's random draws, and the state of stateful
 * expressions kept across packets (numgen inc).
 */
import type { HookName } from "../model/ruleset.js";
import type { NftExpr } from "../nft/model.js";
import type { NftScope } from "../nft-eval/eval-expr.js";
import { fibResult } from "../nft-eval/fib.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import type { NftPacketView } from "../nft-eval/packet-view.js";
import type { NftSetLookup } from "../nft-eval/set-index.js";
import { liveSets } from "./nft-dynset.js";
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

export function scopeFor(
	run: Run,
	table: PreparedTable,
	hook: HookName,
	devices: Devices,
	noteLookup?: (lookup: NftSetLookup) => void,
): NftScope {
	const host = run.context.host;
	let view: NftPacketView | undefined;
	return {
		// One view per state of the packet: rebuilt only after a statement changed it.
		get view() {
			if (
				view?.packet === run.packet &&
				view.meta === run.meta &&
				view.ct === run.ct
			)
				return view;
			view = {
				packet: run.packet,
				meta: run.meta,
				ct: run.ct,
				hook,
				inDevice: devices.inDevice,
				outDevice: devices.outDevice,
				routeMtu: () =>
					devices.outDevice === ""
						? undefined
						: host.interface(devices.outDevice)?.mtu,
				fib: (flags: readonly string[], result: string) =>
					fibResult(
						{
							host,
							packet: run.packet,
							mark: run.meta.mark,
							hook,
							inDevice: devices.inDevice,
							outDevice: devices.outDevice,
						},
						flags,
						result,
					),
			};
			return view;
		},
		set: liveSets(run, table),
		random: run.random,
		sequence: (expr, mod) => {
			const state = run.scopedState(`nft|numgen|${expressionId(expr)}`);
			const value = state.get<number>("next") ?? 0;
			state.set("next", value + 1 < mod ? value + 1 : 0);
			return value;
		},
		note: (text) => run.step({ kind: "note", text }),
		...(noteLookup ? { noteLookup } : {}),
	};
}
