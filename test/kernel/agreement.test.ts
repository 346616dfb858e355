/**
 * The kernel is the judge: every recorded scenario (ours and the shared
 * ones, copied into fixtures) replayed through the engine must give the
 * kernel's TRACE events and LOG lines for every packet.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
	bridgePortsSeen,
	createEngineState,
	createHostView,
	eventText,
	loadNft,
	parseHost,
	parseLogPacket,
	parseRuleset,
	prepareNft,
	simulate,
	withBridgePorts,
} from "../../source/engine/index.js";

type Recording = {
	readonly scenario: string;
	readonly iptables_save_before: string;
	/** Dual-stack recordings: the IPv6 tables and routes. */
	readonly ip6tables_save_before?: string;
	/** nf_tables in play: `nft -j list ruleset` as loaded. */
	readonly nft_ruleset_before?: unknown;
	readonly iptables_backend?: string;
	readonly host: {
		readonly ip_addr: unknown;
		readonly ip_route: unknown;
		readonly ip_route6?: unknown;
	};
	readonly packets: readonly {
		readonly n: number;
		readonly time: number;
		readonly packet: string;
		/** IPv6 extension headers the oracle sent (the compare contract's EXTHDR=). */
		readonly exthdr?: readonly string[];
		readonly events: readonly {
			table: string;
			chain: string;
			type: string;
			num: number;
		}[];
		readonly logs: readonly string[];
		/** nf_tables trace events, in order (`nft:...`). */
		readonly nft_events?: readonly { readonly event: string }[];
	}[];
};

const fixtures = path.join(import.meta.dirname, "..", "fixtures");
const recordings = ["scenarios", "scenarios-own", "scenarios-nft"]
	.filter((folder) => existsSync(path.join(fixtures, folder)))
	.flatMap((folder) =>
		readdirSync(path.join(fixtures, folder)).map((name) =>
			path.join(fixtures, folder, name, "kernel.json"),
		),
	);

/** Replays a recording; returns the packets whose trace or log lines differ. */
function disagreements(recording: Recording): string[] {
	const { ruleset } = parseRuleset(recording.iptables_save_before, {
		source: "rules.v4",
	});
	const { host } = parseHost({
		addr: JSON.stringify(recording.host.ip_addr),
		route: JSON.stringify(recording.host.ip_route),
		...(recording.host.ip_route6 === undefined
			? {}
			: { route6: JSON.stringify(recording.host.ip_route6) }),
	});
	const rules6 = recording.ip6tables_save_before;
	const ruleset6 =
		rules6 === undefined
			? undefined
			: parseRuleset(rules6, { source: "rules.v6", family: "ipv6" }).ruleset;
	const nft =
		recording.nft_ruleset_before === undefined
			? undefined
			: prepareNft(
					loadNft(JSON.stringify(recording.nft_ruleset_before)).ruleset,
					{
						iptablesNft: recording.iptables_backend === "nft",
						ruleset,
						...(ruleset6 ? { ruleset6 } : {}),
					},
				);
	const context = {
		ruleset,
		...(ruleset6 ? { ruleset6 } : {}),
		...(nft ? { nft } : {}),
		host: createHostView(host),
	};
	const out: string[] = [];
	const lines = recording.packets.map((packet) =>
		parseLogPacket(
			`[${packet.time.toFixed(6).padStart(12)}] ${packet.packet}${packet.exthdr ? ` EXTHDR=${packet.exthdr.join(",")}` : ""}`,
		),
	);
	let state = withBridgePorts(
		createEngineState(),
		bridgePortsSeen(lines.flatMap((line) => (line.ok ? [line.input] : []))),
	);
	for (const [index, packet] of recording.packets.entries()) {
		const parsed = lines[index];
		if (!parsed?.ok) {
			out.push(`#${packet.n}: unreadable`);
			continue;
		}
		const result = simulate(context, parsed.input, state, {
			followLoopback: false,
			detail: "events",
			localOwner: { uid: 0, gid: 0 },
		});
		state = result.state;
		// x_tables and nf_tables events are compared each in order (the
		// oracle cannot merge the kernel log with the netlink trace).
		const xtables = packet.events.map(
			(e) => `${e.table}:${e.chain}:${e.type}:${e.num}`,
		);
		const nftables = (packet.nft_events ?? []).map((e) => e.event);
		const want = [...xtables, "|", ...nftables].join(" ");
		const events = result.trace.events;
		const have = [
			...events.filter((e) => e.kind !== "nft").map(eventText),
			"|",
			...events.filter((e) => e.kind === "nft").map(eventText),
		].join(" ");
		const wantLogs = packet.logs.map((l) => l.trim()).join("\n");
		const haveLogs = result.trace.logs.map((l) => l.trim()).join("\n");
		if (want !== have)
			out.push(`#${packet.n} trace\n  kernel: ${want}\n  iptx:   ${have}`);
		if (wantLogs !== haveLogs)
			out.push(
				`#${packet.n} log\n  kernel: ${wantLogs}\n  iptx:   ${haveLogs}`,
			);
	}
	return out;
}

describe("agreement with the kernel recordings", () => {
	test.each(
		recordings.map((file) => [path.basename(path.dirname(file)), file]),
	)("%s", (_name, file) => {
		const recording = JSON.parse(readFileSync(file, "utf8")) as Recording;
		expect(disagreements(recording)).toEqual([]);
	});
});
