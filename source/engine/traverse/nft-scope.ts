/**
 * What an nft base chain's expressions read: the packet as it stands (its
 * header, metadata, connection and devices), fib lookups on the host, the
 * table's sets as the packets before have left them, and the random source.
 */
import type { HookName } from "../model/ruleset.js";
import type { NftScope } from "../nft-eval/eval-expr.js";
import { fibResult } from "../nft-eval/fib.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import { liveSets } from "./nft-dynset.js";
import type { Run } from "./run.js";
import type { Devices } from "./walk-table.js";

/** The scope of one base chain run. */
export function scopeFor(
	run: Run,
	table: PreparedTable,
	hook: HookName,
	devices: Devices,
): NftScope {
	const host = run.context.host;
	// The view is rebuilt only when a statement changed the packet, its
	// metadata or its connection: most rules only read.
	let seen:
		| {
				packet: unknown;
				meta: unknown;
				ct: unknown;
				inDevice: unknown;
				outDevice: unknown;
		  }
		| undefined;
	let cached: NftScope["view"] | undefined;
	return {
		get view() {
			if (
				cached &&
				seen?.packet === run.packet &&
				seen.meta === run.meta &&
				seen.ct === run.ct &&
				seen.inDevice === devices.inDevice &&
				seen.outDevice === devices.outDevice
			)
				return cached;
			seen = {
				packet: run.packet,
				meta: run.meta,
				ct: run.ct,
				inDevice: devices.inDevice,
				outDevice: devices.outDevice,
			};
			cached = {
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
			return cached;
		},
		set: liveSets(run, table),
		random: run.random,
		note: (text) => run.step({ kind: "note", text }),
	};
}
