/**
 * Flowtables, modelled from the kernel sources (nft_flow_offload.c,
 * nf_flow_table_ip.c); this kernel has no flowtables, so nothing here is
 * kernel-recorded. `flow add @ft` offloads a confirmed connection: TCP once
 * established and assured (not on a FIN or RST), UDP at once, never one
 * with a helper. Later packets of the flow arriving on a device of the
 * flowtable are forwarded at ingress: NAT applied, TTL decremented, out by
 * the route to the new destination, with no prerouting, forward or
 * postrouting hook (no rule, LOG or trace sees them). A FIN or RST tears
 * the flow down and takes the normal path.
 */
import { natPacket } from "../conntrack/nat.js";
import { tupleOf } from "../conntrack/tuple.js";
import { ctStatus } from "../conntrack/types.js";
import { route6 } from "../host/host-view6.js";
import { ipProtocol, tcpFlag } from "../model/packet.js";
import type { IpAddress } from "../net/address.js";
import type { NftStmt } from "../nft/model.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import type { Run } from "./run.js";

/** IPS_OFFLOAD_BIT. */
const offloadBit = 1 << 14;

const flowKey = (id: number) => `nftflow|${id}`;

function tearsDown(run: Run): boolean {
	const flags = run.packet.tcp?.flags ?? 0;
	return (flags & (tcpFlag.FIN | tcpFlag.RST)) !== 0;
}

/** The device the route to a forwarded destination leaves by. */
function forwardDevice(run: Run, destination: IpAddress): string | undefined {
	const host = run.context.host;
	const decision =
		typeof destination === "string"
			? route6(host.host, destination)
			: host.route(destination);
	return decision.kind === "unicast" ? decision.device : undefined;
}

/** `flow add @ft`: offloads the packet's connection when the kernel would. */
export function offloadFlow(
	run: Run,
	stmt: Extract<NftStmt, { kind: "flow-offload" }>,
	table: PreparedTable,
): void {
	const { entry, info, unconfirmed } = run.ct;
	if (!entry || unconfirmed || entry.helper !== undefined) return;
	if (info !== "ESTABLISHED" && info !== "ESTABLISHED_REPLY") return;
	if (entry.status & offloadBit) return;
	const protocol = entry.original.protocol;
	if (protocol === ipProtocol.TCP) {
		const assured = (entry.status & ctStatus.ASSURED) !== 0;
		if (tearsDown(run) || entry.tcpState !== "ESTABLISHED" || !assured) return;
	} else if (protocol !== ipProtocol.UDP) return;
	const flowtable = table.table.flowtables.find(
		(f) => f.name === stmt.flowtable,
	);
	if (!flowtable) return;
	run.updateEntry({ ...entry, status: entry.status | offloadBit });
	run.shared.set(flowKey(entry.id), flowtable.devices.join(","));
	run.step({
		kind: "note",
		text: `connection #${entry.id} offloaded to flowtable ${flowtable.name} (modelled from the kernel sources, not kernel-recorded): its next packets on ${flowtable.devices.join(", ")} skip the hooks`,
	});
}

/**
 * nf_flow_offload_ip_hook at ingress: true when the packet was forwarded
 * by its offloaded flow (its fate is set), false when it takes the normal path.
 */
export function forwardOffloaded(run: Run, device: string): boolean {
	const found = run.conntrack.find(tupleOf(run.packet), run.time);
	const entry = found?.entry;
	if (!entry || !(entry.status & offloadBit)) return false;
	const devices = run.shared.get(flowKey(entry.id));
	if (typeof devices !== "string" || !devices.split(",").includes(device))
		return false;
	if (tearsDown(run)) {
		run.updateEntry({ ...entry, status: entry.status & ~offloadBit });
		run.step({
			kind: "note",
			text: `flow of connection #${entry.id} torn down (FIN or RST): the packet takes the normal path`,
		});
		return false;
	}
	if (run.packet.ttl <= 1) return false;
	const info =
		found.direction === "reply" ? "ESTABLISHED_REPLY" : "ESTABLISHED";
	const translated = natPacket(
		natPacket(run.packet, entry, info, "dst"),
		entry,
		info,
		"src",
	);
	const out = forwardDevice(run, translated.dst);
	if (out === undefined) return false;
	run.rewrite("flowtable (NAT, TTL)", {
		...translated,
		ttl: translated.ttl - 1,
	});
	run.step({
		kind: "note",
		text: `offloaded flow of connection #${entry.id}: forwarded at ingress out of ${out}, no netfilter hook runs (modelled from nf_flow_table_ip.c, not kernel-recorded)`,
	});
	run.end({ kind: "forwarded", device: out });
	return true;
}
