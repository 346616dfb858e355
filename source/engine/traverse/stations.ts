/**
 * Running one hook: its tables, conntrack lookup, NAT and confirm in
 * priority order, with the devices the hook passes. A verdict other than
 * ACCEPT ends the packet's path and becomes its fate.
 */
import { failsConntrackChecksum } from "../conntrack/checksum.js";
import { classify } from "../conntrack/classify.js";
import { followChoice } from "../conntrack/nat-choice.js";
import { ctStatus } from "../conntrack/types.js";
import { resolveTemplateZone } from "../conntrack/zone.js";
import type { HookName } from "../model/ruleset.js";
import { packetTracked } from "./conntrack-use.js";
import { hookUsers } from "./hook-users.js";
import { natStation } from "./nat-station.js";
import { runNftBaseChain } from "./nft-chain.js";
import { finishNft } from "./nft-finish.js";
import { endRejected } from "./reject-fate.js";
import type { Run } from "./run.js";
import { type Devices, type TableVerdict, walkTable } from "./walk-table.js";

/** Runs a hook; false when the packet's path ended there. */
export function runHook(run: Run, hook: HookName, devices: Devices): boolean {
	if (run.recording)
		run.step({
			kind: "hook",
			hook,
			inInterface: devices.inDevice,
			outInterface: devices.outDevice,
		});
	const family = run.packet.family === "ipv6" ? "ipv6" : "ipv4";
	for (const station of hookUsers(run.context, family, hook)) {
		let outcome: "continue" | TableVerdict = "continue";
		switch (station.kind) {
			case "nft": {
				const ended = runNftBaseChain(run, station.chain, devices);
				if (ended.kind !== "accept") outcome = { kind: "NFT", outcome: ended };
				break;
			}
			case "conntrack":
				conntrackStation(run, hook);
				break;
			case "confirm":
				confirmStation(run);
				break;
			case "nat":
				outcome = natStation(run, hook, devices);
				break;
			case "table": {
				const table = run.ruleset.tables.get(station.table);
				if (table) outcome = walkTable(run, table, hook, devices);
				break;
			}
		}
		if (outcome !== "continue" && outcome.kind !== "ACCEPT") {
			finishWithVerdict(run, hook, outcome);
			return false;
		}
	}
	return true;
}

function conntrackStation(run: Run, hook: HookName): void {
	if (run.ctAttached) return;
	if (!packetTracked(run)) {
		run.setConnection("INVALID", undefined, false);
		run.step({
			kind: "note",
			text: "connection tracking is not running: no rule needs it (the nat table alone does not load it)",
		});
		return;
	}
	if (hook === "PREROUTING" && failsConntrackChecksum(run.packet)) {
		run.setConnection("INVALID", undefined, false);
		run.step({
			kind: "conntrack",
			info: "INVALID",
			note: "the transport checksum, computed over the routing header's final destination, fails conntrack's check against the IPv6 destination",
		});
		return;
	}
	const moved = followChoice(run.conntrack, run.packet, run.time);
	if (moved !== undefined)
		run.step({
			kind: "note",
			text: `the packet shows the port the kernel chose for connection #${moved}'s source NAT: the connection now uses it`,
		});
	const template = run.ctTemplate;
	const result = classify(
		run.conntrack,
		run.packet,
		run.time,
		run.context.host.host.settings.tcpLoose,
		resolveTemplateZone(template?.zone, run.meta.mark),
	);
	// A new connection takes the helper of the CT template it replaces (the
	// zone came with the lookup).
	const entry =
		template?.helper !== undefined && result.entry && result.unconfirmed
			? { ...result.entry, helper: template.helper }
			: result.entry;
	run.setConnection(result.info, entry, result.unconfirmed, result.previous);
	if (run.recording)
		run.step({
			kind: "conntrack",
			info: result.info,
			...(entry ? { entry } : {}),
			note: result.note,
		});
}

/** __nf_conntrack_confirm: a new connection enters the table when its first packet survives. */
function confirmStation(run: Run): void {
	const { entry, info, unconfirmed } = run.ct;
	if (!entry || !unconfirmed || run.ctFromAttachment) return;
	if (info !== "NEW" && info !== "RELATED") return;
	const confirmed = { ...entry, status: entry.status | ctStatus.CONFIRMED };
	run.conntrack.insert(confirmed);
	run.setConnection(info, confirmed, false);
	if (run.recording)
		run.step({
			kind: "conntrack",
			info,
			entry: confirmed,
			note: `connection #${entry.id} confirmed`,
		});
}

function finishWithVerdict(
	run: Run,
	hook: HookName,
	verdict: TableVerdict,
): void {
	switch (verdict.kind) {
		case "ACCEPT":
			return;
		case "DROP": {
			const rule = verdict.rule;
			run.step({
				kind: "verdict",
				table: rule?.table ?? "filter",
				hook,
				verdict: "DROP",
			});
			if (rule) {
				run.end({
					kind: "dropped",
					by: "rule",
					table: rule.table,
					chain: rule.chain,
					num: rule.index,
					ruleId: rule.id,
					reason: `${rule.table} ${rule.chain} rule ${rule.index}${verdict.reason ? `: ${verdict.reason}` : ""}`,
				});
			} else if (verdict.policy) {
				const table = run.lastTable;
				run.end({
					kind: "dropped",
					by: "policy",
					table,
					chain: verdict.policy.chain,
					num: verdict.policy.num,
					reason: `${table} ${verdict.policy.chain} policy DROP`,
				});
			}
			return;
		}
		case "REJECT": {
			const rule = verdict.rule;
			run.step({ kind: "verdict", table: rule.table, hook, verdict: "DROP" });
			endRejected(
				run,
				verdict.with,
				{
					table: rule.table,
					chain: rule.chain,
					num: rule.index,
					ruleId: rule.id,
				},
				"REJECT reply",
			);
			return;
		}
		case "QUEUE":
			run.step({
				kind: "verdict",
				table: verdict.rule.table,
				hook,
				verdict: "QUEUE",
			});
			run.end({
				kind: "queued",
				queue: verdict.queue,
				note: `queued to userspace (queue ${verdict.queue}${verdict.bypass ? ", bypass when no program listens" : ""}): a userspace program decides its fate`,
			});
			return;
		case "NAT":
			return;
		case "STOP":
			run.end({ kind: "stopped", reason: verdict.reason });
			return;
		case "NFT":
			finishNft(run, hook, verdict.outcome);
			return;
	}
}
