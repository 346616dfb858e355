/**
 * Targets whose effect lies outside the packet's path through the tables
 * (traffic classes, checksums, MSS, audit records, ipset updates, transparent
 * proxying, userspace queues, SYN proxying). Each keeps its options and says
 * in the trace what the kernel does; NFQUEUE ends the walk with a queue verdict.
 */
import {
	badValue,
	lookupOptions,
	parseNumber,
	targetSpecs,
} from "./target-options.js";
import type { TargetModule } from "./types.js";

type Options = Readonly<Record<string, string | true>>;

function noteTarget(
	name: string,
	known: readonly string[],
	note: (options: Options) => string,
	limits: Pick<
		TargetModule<Options>,
		"tables" | "hooks" | "needsTcp" | "needsConntrack" | "required"
	> = {},
	validate: Readonly<
		Record<string, (value: string) => string | undefined>
	> = {},
): TargetModule<Options> {
	return {
		name,
		optionNames: known,
		...limits,
		parse: (raw) => {
			const o = lookupOptions(raw, known, name);
			const data: Record<string, string | true> = {};
			for (const option of raw) {
				if (!known.includes(option.name)) continue;
				data[option.name] = option.args.join(" ") || true;
				const problem = validate[option.name]?.(option.args[0] ?? "");
				if (problem !== undefined)
					o.diagnostics.push(badValue(option, `${name}: ${problem}`));
			}
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
	{ "--set-class": classError },
);

/**
 * libxt_CLASSIFY reads `MAJOR:MINOR` with sscanf("%x:%x") and keeps 16 bits
 * of each without a range check (`10000:1` loads as `0000:0001`).
 */
function classError(text: string): string | undefined {
	return /^\s*[+-]?(?:0x)?[0-9a-f]+:\s*[+-]?(?:0x)?[0-9a-f]/i.test(text)
		? undefined
		: `Bad class value "${text}"`;
}

const auditTypes = ["accept", "drop", "reject"];
export const checksumTarget = noteTarget(
	"CHECKSUM",
	["--checksum-fill"],
	() => "CHECKSUM: fills in a missing checksum",
	// libxt_CHECKSUM's final check: the target does nothing else.
	{ tables: ["mangle"], required: ["--checksum-fill"] },
);
export const auditTarget = noteTarget(
	"AUDIT",
	["--type"],
	(o) => `AUDIT: an audit record (${o["--type"] ?? "accept"}) is written`,
	{},
	{
		"--type": (text) =>
			auditTypes.includes(text.toLowerCase())
				? undefined
				: `Bad action type value "${text}"`,
	},
);
export const synproxyTarget = noteTarget(
	"SYNPROXY",
	["--mss", "--wscale", "--sack-perm", "--timestamp", "--ecn"],
	() =>
		"SYNPROXY: answers the handshake itself; not modelled, the packet continues",
	{
		tables: ["filter"],
		hooks: ["INPUT", "FORWARD"],
		needsTcp: true,
		needsConntrack: true,
	},
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
	optionSpecs: targetSpecs(queueOptions),
	parse: (raw) => {
		const o = lookupOptions(raw, queueOptions, "NFQUEUE");
		const balance = o.arg("--queue-balance")?.split(":") ?? [];
		const [first, last] = balance.map((part) => parseNumber(part));
		if (
			balance.length > 0 &&
			(balance.length !== 2 ||
				first === undefined ||
				last === undefined ||
				first > 0xffff ||
				last > 0xffff ||
				first >= last ||
				last - first + 1 > 0xffff)
		)
			o.diagnostics.push(
				badValue(
					o.option("--queue-balance"),
					first !== undefined && last !== undefined && first >= last
						? `NFQUEUE: ${first} should be less than ${last}`
						: `NFQUEUE: bad range "${o.arg("--queue-balance") ?? ""}" (0-65535, at most 65535 queues: the kernel keeps the count in 16 bits)`,
				),
			);
		const num = o.option("--queue-num");
		if (num !== undefined && (parseNumber(num.args[0]) ?? 0x10000) > 0xffff)
			o.diagnostics.push(
				badValue(
					num,
					'NFQUEUE: bad value for option "--queue-num", or out of range (0-65535)',
				),
			);
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
