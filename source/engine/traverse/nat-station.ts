/**
 * The nat table's hook function (nf_nat_ipv4_fn / nf_nat_inet_fn): only a
 * connection's first packet in each direction walks the nat chains; when no
 * NAT target fires a null binding is recorded; every packet of a NATed
 * connection is then rewritten automatically; RELATED ICMP errors get their
 * outer and quoted headers translated.
 */
import {
	hasPorts,
	natIcmpError,
	natInitialized,
	natPacket,
	nullBinding,
	setupNat,
} from "../conntrack/nat.js";
import { sourcePortChoices, withPortChoice } from "../conntrack/nat-choice.js";
import { invertTuple } from "../conntrack/tuple.js";
import type { ConntrackEntry, Tuple } from "../conntrack/types.js";
import { selectSource6 } from "../host/host-view6.js";
import { ipProtocol } from "../model/packet.js";
import type { HookName } from "../model/ruleset.js";
import { formatEndpoint, type IpAddress } from "../net/address.js";
import { parseIpv4 } from "../net/ipv4.js";
import { ipv6Bytes, ipv6TextOf } from "../net/ipv6-text.js";
import type { NatRange, TargetEffect } from "../target/types.js";
import { natUsers } from "./hook-users.js";
import { hookManip } from "./hooks.js";
import { natDropsRedirect } from "./icmp-redirect.js";
import { runNftBaseChain } from "./nft-chain.js";
import type { Run } from "./run.js";
import { type Devices, type TableVerdict, walkTable } from "./walk-table.js";

export type StationOutcome = "continue" | TableVerdict;

const localhost = parseIpv4("127.0.0.1") ?? 0;

export function natStation(
	run: Run,
	hook: HookName,
	devices: Devices,
): StationOutcome {
	const entry = run.ct.entry;
	if (!entry) return "continue";
	const manip = hookManip(hook);
	const info = run.ct.info;
	if (
		(info === "RELATED" || info === "RELATED_REPLY") &&
		(run.packet.protocol === ipProtocol.ICMP ||
			run.packet.protocol === ipProtocol.ICMPV6)
	) {
		if (natDropsRedirect(run.packet, entry))
			return {
				kind: "STOP",
				reason:
					"nat drops an ICMP redirect for a connection whose NAT is not finished or not null (nf_nat_icmp_reply_translation)",
			};
		run.rewrite(
			manip === "dst"
				? "ICMP error: un-NAT (destination)"
				: "ICMP error: un-NAT (source)",
			natIcmpError(run.packet, entry, info, manip),
		);
		return "continue";
	}
	const first =
		info === "NEW" || info === "RELATED" || info === "RELATED_REPLY";
	let boundBy: string | undefined;
	if (first && !natInitialized(entry, manip)) {
		const asked = askNatUsers(run, hook, devices, entry);
		if (asked.outcome !== "continue") return asked.outcome;
		boundBy = asked.boundBy;
		const current = run.ct.entry ?? entry;
		if (!natInitialized(current, manip)) {
			run.updateEntry(
				nullBinding(run.conntrack, current, manip, run.time, run.random),
			);
			if (run.recording)
				run.step({
					kind: "note",
					text: `no NAT rule fired: ${manip === "dst" ? "destination" : "source"} kept (null binding)`,
				});
		}
	}
	const bound = run.ct.entry ?? entry;
	const reply = info === "ESTABLISHED_REPLY" || info === "RELATED_REPLY";
	const label = reply
		? manip === "dst"
			? "un-SNAT (reply)"
			: "un-DNAT (reply)"
		: (boundBy ?? (manip === "dst" ? "DNAT" : "SNAT"));
	run.rewrite(label, natPacket(run.packet, bound, info, manip));
	return "continue";
}

/**
 * nf_nat_inet_fn's lookup: the nat table and nat-type chains in priority
 * order until one binds the connection or ends the packet.
 */
function askNatUsers(
	run: Run,
	hook: HookName,
	devices: Devices,
	entry: ConntrackEntry,
): { readonly outcome: StationOutcome; readonly boundBy?: string } {
	const manip = hookManip(hook);
	const family = run.packet.family === "ipv6" ? "ipv6" : "ipv4";
	let boundBy: string | undefined;
	for (const user of natUsers(run.context, family, hook)) {
		if (user.kind === "table") {
			const table = run.ruleset.tables.get("nat");
			if (!table) continue;
			const verdict = walkTable(run, table, hook, devices);
			if (verdict.kind === "NAT") {
				boundBy = verdict.rule.target?.name;
				const bound = bind(run, hook, devices, verdict.result.effect);
				if (bound !== "continue") return { outcome: bound };
			} else if (verdict.kind !== "ACCEPT") return { outcome: verdict };
		} else {
			let failed: StationOutcome = "continue";
			const ended = runNftBaseChain(run, user.chain, devices, (effect) => {
				boundBy = effect.target.toLowerCase();
				failed = bind(run, hook, devices, effect);
				return failed === "continue";
			});
			if (failed !== "continue") return { outcome: failed };
			if (ended.kind !== "accept")
				return { outcome: { kind: "NFT", outcome: ended } };
		}
		if (natInitialized(run.ct.entry ?? entry, manip)) break;
	}
	return { outcome: "continue", ...(boundBy ? { boundBy } : {}) };
}

/** Turns a NAT target's effect into the connection's binding (the range the kernel gets). */
function bind(
	run: Run,
	hook: HookName,
	devices: Devices,
	effect: TargetEffect,
): StationOutcome {
	const entry = run.ct.entry;
	if (effect.kind !== "nat" || !entry) return "continue";
	const manip = hookManip(hook);
	const range = concreteRange(run, hook, devices, effect);
	if (range === undefined) {
		return {
			kind: "STOP",
			reason: `${effect.target}: no address to map to (the kernel drops the packet)`,
		};
	}
	const bound = setupNat(
		run.conntrack,
		entry,
		manip,
		range,
		run.time,
		run.random,
	);
	// The kernel's source port is its own random choice: the entry keeps the
	// ports it may be, until a packet shows it (nat-choice.ts).
	const updated =
		manip === "src"
			? withPortChoice(bound, sourcePortChoices(entry.original.sport, range))
			: bound;
	run.updateEntry(updated);
	const target = run.recording ? invertTuple(updated.reply) : undefined;
	if (target) {
		run.step({
			kind: "note",
			text: `${effect.target}: connection #${entry.id} ${manip === "dst" ? "destination" : "source"} → ${manip === "dst" ? formatEndpoint(target.dst, target.dport) : formatEndpoint(target.src, target.sport)}${manip === "src" ? portNote(entry.original, range) : ""}`,
		});
	}
	return "continue";
}

/** NETMAP: the network part from the range, the host part kept (either family). */
function netmapped(
	current: IpAddress,
	network: IpAddress,
	mask: number | string,
): IpAddress | undefined {
	if (typeof current === "number" && typeof network === "number") {
		const m = (mask as number) >>> 0;
		return ((current & ~m) | (network & m)) >>> 0;
	}
	if (typeof current !== "string" || typeof network !== "string")
		return undefined;
	const c = ipv6Bytes(current);
	const n = ipv6Bytes(network);
	const m = ipv6Bytes(mask as string);
	return ipv6TextOf(
		c.map((b, i) => (b & ~(m[i] ?? 0)) | ((n[i] ?? 0) & (m[i] ?? 0))),
	);
}

/** MASQUERADE's address: the source a socket would pick toward the next hop. */
function masqueradeAddress(run: Run, device: string): IpAddress | undefined {
	const { host } = run.context;
	const dst = run.packet.dst;
	if (typeof dst === "string") return selectSource6(host.host, device, dst);
	const decision = host.route(dst);
	const nextHop = decision.kind === "unicast" ? decision.nextHop : dst;
	return host.selectSourceAddress(device, nextHop);
}

/**
 * REDIRECT's address: loopback in OUTPUT, else the input device's first
 * address (nf_nat_redirect_ipv4 / _ipv6: IPv6 takes the first in the
 * device's list, global before link-local).
 */
function redirectAddress(
	run: Run,
	hook: HookName,
	device: string,
): IpAddress | undefined {
	const v6 = run.packet.family === "ipv6";
	if (hook === "OUTPUT") return v6 ? loopback6 : localhost;
	if (!v6) return run.context.host.primaryAddress(device);
	const iface = run.context.host.interface(device);
	const list = iface?.addresses6 ?? [];
	return (list.find((a) => a.scope !== "link") ?? list[0])?.address;
}

const loopback6 = "0000:0000:0000:0000:0000:0000:0000:0001";

/** Source NAT ports are the kernel's random choice: say so, and let the reply show it. */
function portNote(original: Tuple, range: NatRange): string {
	if (!hasPorts(original.protocol)) return "";
	const choices = sourcePortChoices(original.sport, range);
	return ` (the kernel keeps port ${original.sport} when it is free and in range, else picks one at random within ${choices.min}-${choices.max}; replay follows the port the reply, or an ICMP error quoting the packet, shows)`;
}

function concreteRange(
	run: Run,
	hook: HookName,
	devices: Devices,
	effect: Extract<TargetEffect, { kind: "nat" }>,
): NatRange | undefined {
	const range = effect.range;
	if (effect.addressFrom === "out-device") {
		const address = masqueradeAddress(run, devices.outDevice);
		if (address === undefined) return undefined;
		return { ...range, minAddress: address, maxAddress: address };
	}
	if (effect.addressFrom === "in-device") {
		const address = redirectAddress(run, hook, devices.inDevice);
		if (address === undefined) return undefined;
		return { ...range, minAddress: address, maxAddress: address };
	}
	if (
		effect.addressFrom === "netmap" &&
		effect.netmapMask !== undefined &&
		range.minAddress !== undefined
	) {
		const current = hookManip(hook) === "dst" ? run.packet.dst : run.packet.src;
		const address = netmapped(current, range.minAddress, effect.netmapMask);
		if (address === undefined) return undefined;
		return { ...range, minAddress: address, maxAddress: address };
	}
	return range;
}
