/**
 * Targets whose effect lies outside the packet's path through the tables
 * (traffic classes, checksums, MSS, audit records, ipset updates, transparent
 * proxying, userspace queues, SYN proxying). Each keeps its options and says
 * in the trace what the kernel does; NFQUEUE ends the walk with a queue verdict.
 */
import { lookupOptions, parseNumber } from "./target-options.js";
import type { TargetModule } from "./types.js";

type Options = Readonly<Record<string, string | true>>;

function noteTarget(
	name: string,
	known: readonly string[],
	note: (options: Options) => string,
	limits: Pick<TargetModule<Options>, "tables" | "hooks" | "needsTcp"> = {},
): TargetModule<Options> {
	return {
		name,
		optionNames: known,
		...limits,
		parse: (raw) => {
			const o = lookupOptions(raw, known, name);
			const data: Record<string, string | true> = {};
			for (const option of raw)
				if (known.includes(option.name))
					data[option.name] = option.args.join(" ") || true;
			return { data, diagnostics: o.diagnostics };
		},
		apply: (data) => ({
			effect: { kind: "continue" },
			changes: { note: note(data) },
		}),
		describe: (data) =>
			`${name} ${Object.entries(data)
				.map(([k, v]) => (v === true ? k : `${k} ${v}`))
				.join(" ")}`.trim(),
	};
}

export const classifyTarget = noteTarget(
	"CLASSIFY",
	["--set-class"],
	(o) => `CLASSIFY: traffic class ${o["--set-class"]} for the qdisc`,
	{ tables: ["mangle"], hooks: ["FORWARD", "OUTPUT", "POSTROUTING"] },
);
export const checksumTarget = noteTarget(
	"CHECKSUM",
	["--checksum-fill"],
	() => "CHECKSUM: fills in a missing checksum",
	{ tables: ["mangle"] },
);
export const auditTarget = noteTarget(
	"AUDIT",
	["--type"],
	(o) => `AUDIT: an audit record (${o["--type"] ?? "accept"}) is written`,
);
export const synproxyTarget = noteTarget(
	"SYNPROXY",
	["--mss", "--wscale", "--sack-perm", "--timestamp", "--ecn"],
	() =>
		"SYNPROXY: answers the handshake itself; not modelled, the packet continues",
	{ needsTcp: true },
);

type QueueData = { readonly queue: number; readonly bypass: boolean };
const queueOptions = [
	"--queue-num",
	"--queue-balance",
	"--queue-bypass",
	"--fail-open",
	"--queue-cpu-fanout",
];

export const nfqueueTarget: TargetModule<QueueData> = {
	name: "NFQUEUE",
	optionNames: queueOptions,
	parse: (raw) => {
		const o = lookupOptions(raw, queueOptions, "NFQUEUE");
		const queue =
			parseNumber(
				o.arg("--queue-num") ?? o.arg("--queue-balance")?.split(":")[0],
			) ?? 0;
		return {
			data: { queue, bypass: o.has("--queue-bypass") },
			diagnostics: o.diagnostics,
		};
	},
	apply: (data) => ({
		effect: { kind: "queue", queue: data.queue, bypass: data.bypass },
		changes: {
			note: `NFQUEUE: queued to ${data.queue}; a userspace program decides the verdict${data.bypass ? " (accepted if no program listens)" : " (dropped if no program listens)"}`,
		},
	}),
	describe: (data) =>
		`NFQUEUE num ${data.queue}${data.bypass ? " bypass" : ""}`,
};
