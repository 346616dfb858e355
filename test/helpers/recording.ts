/**
 * A kernel recording (`kernel.json` from the oracle) as the tests read it:
 * the rulesets loaded, the host, and each packet with the kernel's trace
 * events and LOG lines (oracle README, "The record").
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export type KernelRecording = {
	readonly scenario: string;
	readonly iptables_save_before: string;
	/** Dual-stack recordings: the IPv6 tables. */
	readonly ip6tables_save_before?: string;
	/** `nft` when the iptables rules were loaded with iptables-nft. */
	readonly iptables_backend?: string;
	/** `nft -j list ruleset` with handles, when nf_tables was in play. */
	readonly nft_ruleset_before?: unknown;
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
			/** The packet as this TRACE line printed it (IN=, OUT=, ...). */
			packet: string;
		}[];
		readonly nft_events?: readonly { event: string }[];
		readonly logs: readonly string[];
	}[];
};

const fixtures = path.join(import.meta.dirname, "..", "fixtures");

/** Reads a recording: a path, or a name under test/fixtures (`scenarios/docker-seed`). */
export function readRecording(where: string): KernelRecording {
	const file = path.isAbsolute(where)
		? where
		: path.join(fixtures, where, "kernel.json");
	return JSON.parse(readFileSync(file, "utf8")) as KernelRecording;
}
