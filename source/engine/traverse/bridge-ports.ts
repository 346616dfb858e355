/**
 * The bridge forwarding database: which port each MAC address sits behind.
 * The kernel's bridge learns it from every frame, ARP included, so by the
 * time two containers talk it knows both; a capture of IPv4 packets holds
 * the same knowledge spread over all its frames. A replay therefore learns
 * the ports from the whole capture before it starts.
 */
import { MapDraft } from "../lib/persistent-map.js";
import type { PacketInput } from "../model/packet.js";
import type { IpAddress } from "../net/address.js";
import type { EngineState } from "./engine-state.js";

export type BridgePort = {
	readonly bridge: string;
	readonly mac: string;
	readonly port: string;
	/** The frame's source IPv4 address: the neighbour behind that MAC. */
	readonly address?: number;
};

/** The source MAC of each frame that entered a bridge through a port (`IN=br PHYSIN=port MAC=dst:src:type`). */
export function bridgePortsSeen(
	inputs: readonly PacketInput[],
): readonly BridgePort[] {
	const ports: BridgePort[] = [];
	for (const { meta, packet } of inputs) {
		if (meta.physIn === undefined || meta.mac === undefined) continue;
		if (meta.mac.length < 35) continue;
		ports.push({
			bridge: meta.inInterface,
			mac: meta.mac.slice(18, 35),
			port: meta.physIn,
			...(typeof packet.src === "number" ? { address: packet.src } : {}),
		});
	}
	return ports;
}

/** Key of a learned address in `EngineState.fdb`. */
export const fdbKey = (bridge: string, mac: string): string =>
	`${bridge}|${mac}`;

/**
 * Key of a learned neighbour (IPv4 address → MAC) on a bridge, in the same
 * map: br_netfilter's bridged DNAT resolves the new destination's MAC.
 */
export const neighbourKey = (bridge: string, address: IpAddress): string =>
	`neighbour|${bridge}|${typeof address === "number" ? address >>> 0 : address}`;

/** A state whose bridges already know these ports; frames seen later still update them. */
export function withBridgePorts(
	state: EngineState,
	ports: readonly BridgePort[],
): EngineState {
	const draft = new MapDraft(state.fdb);
	for (const { bridge, mac, port, address } of ports) {
		draft.set(fdbKey(bridge, mac), port);
		if (address !== undefined) draft.set(neighbourKey(bridge, address), mac);
	}
	return { ...state, fdb: draft.commit() };
}
