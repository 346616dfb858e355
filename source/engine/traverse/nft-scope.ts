/**
 * What an nft rule consults at one hook: the packet as the run has it now
 * (read afresh for every expression, since statements change it), the fib
 * lookups, the table's sets with the elements the packet path added, and
 * the replay's random draws.
 */
import type { HookName } from "../model/ruleset.js";
import type { NftScope } from "../nft-eval/eval-expr.js";
import { fibResult } from "../nft-eval/fib.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import type { NftPacketView } from "../nft-eval/packet-view.js";
import { liveSets } from "./nft-dynset.js";
import type { Run } from "./run.js";
import type { Devices } from "./walk-table.js";

export function scopeFor(
	run: Run,
	table: PreparedTable,
	hook: HookName,
	devices: Devices,
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
		note: (text) => run.step({ kind: "note", text }),
	};
}
