/**
 * Applies what a non-terminating target changed (mark, connmark, TOS, TTL,
 * LOG lines) to the packet in flight and records each change in the trace.
 */
import type {
	formatLogLine as FormatLogLine,
	LogDevices,
} from "../format/log-line.js";
import type { Rule, TableName } from "../model/ruleset.js";
import type { TargetChanges } from "../target/types.js";
import type { Run } from "./run.js";
import type { Devices } from "./walk-table.js";

export function logDevices(run: Run, devices: Devices): LogDevices {
	const device = devices.inDevice
		? run.context.host.interface(devices.inDevice)
		: undefined;
	const inMac = device?.mac;
	return {
		in: devices.inDevice,
		out: devices.outDevice,
		...(run.meta.physIn !== undefined ? { physIn: run.meta.physIn } : {}),
		...(run.meta.physOut !== undefined ? { physOut: run.meta.physOut } : {}),
		...(inMac !== undefined ? { inMac } : {}),
		...(device !== undefined
			? { inEthernet: device.linkType === "ether" }
			: {}),
	};
}

export function applyChanges(
	run: Run,
	changes: TargetChanges,
	rule: Rule,
	where: {
		readonly table: TableName;
		readonly chain: string;
		readonly num: number;
	},
	devices: Devices,
	format: typeof FormatLogLine,
): void {
	const request = changes.log ?? changes.logRequest;
	if (request) {
		if (request.kind === "LOG") {
			const line = format(
				run.packet,
				run.meta,
				logDevices(run, devices),
				request,
			);
			run.logs.push(line);
			if (run.recording)
				run.step({ kind: "log", line, level: request.level, ...where });
		} else {
			run.step({
				kind: "note",
				text: `NFLOG to group ${request.group ?? 0}: a userspace logger (ulogd) receives it, not the kernel log`,
			});
		}
	}
	if (changes.mark !== undefined && changes.mark !== run.meta.mark) {
		run.rewrite(`MARK (${rule.id})`, run.packet, {
			...run.meta,
			mark: changes.mark >>> 0,
		});
	}
	if (
		changes.ctmark !== undefined &&
		run.ct.entry &&
		changes.ctmark !== run.ct.entry.mark
	) {
		run.updateEntry({ ...run.ct.entry, mark: changes.ctmark >>> 0 });
		run.step({
			kind: "note",
			text: `connection mark set to 0x${(changes.ctmark >>> 0).toString(16)}`,
		});
	}
	if (changes.tos !== undefined && changes.tos !== run.packet.tos) {
		run.rewrite("TOS", { ...run.packet, tos: changes.tos & 0xff });
	}
	if (changes.ttl !== undefined && changes.ttl !== run.packet.ttl) {
		run.rewrite("TTL", { ...run.packet, ttl: changes.ttl & 0xff });
	}
	const tcp = run.packet.tcp;
	if (changes.tcpOptions !== undefined && tcp !== undefined) {
		const { hex, length } = changes.tcpOptions;
		run.rewrite("TCPMSS", {
			...run.packet,
			length,
			tcp: { ...tcp, options: hex },
		});
	}
	if (changes.note) run.step({ kind: "note", text: changes.note });
}
