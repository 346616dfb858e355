/**
 * What an nft expression sees of the packet at one hook: the headers, the
 * skb's mark and socket, its connection, the hook's devices, and the fib
 * lookups (asked lazily: most rules never do one).
 */
import type { CtView } from "../conntrack/types.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { HookName } from "../model/ruleset.js";
import type { NftValue } from "./datatypes.js";

export type NftPacketView = {
	readonly packet: Packet;
	readonly meta: PacketMeta;
	readonly ct: CtView;
	readonly hook: HookName;
	/** The hook's input device ("" when none), as `meta iifname` reads it. */
	readonly inDevice: string;
	/** The hook's output device ("" when none). */
	readonly outDevice: string;
	/** The MTU of the packet's route (its output device's), for `rt mtu`; undefined without one. */
	readonly routeMtu?: () => number | undefined;
	/** nft_fib: the result of a fib lookup with these flags. */
	readonly fib: (
		flags: readonly string[],
		result: string,
	) => NftValue | undefined;
};
