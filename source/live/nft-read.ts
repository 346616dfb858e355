/**
 * The nftables half of a live read: `nft -j list ruleset`, read-only, beside
 * iptables-save. Its tables are told apart for the user: those iptables-nft
 * (or ip6tables-, arptables-, ebtables-nft) wrote, whose rules iptables-save
 * already shows, and native ones (Docker 29, firewalld, kube-proxy nftables
 * mode, /etc/nftables.conf) that iptables-save never shows. A host without
 * `nft` is told in a note, not refused: its nft tables, if any, are unknown.
 */
import { loadNftJson, xtablesTables } from "../engine/index.js";
import {
	describeFailure,
	failed,
	isPermissionFailure,
	type LiveFailure,
	readFailure,
} from "./failure.js";
import type { Runner } from "./runner.js";

export type NftRead = {
	readonly ok: true;
	/** `nft -j list ruleset` output, when it could be read. */
	readonly nftJson?: string;
	/** Why it could not be read (shown as NFT NOT GIVEN), when it could not. */
	readonly nftMissing?: string;
	readonly notes: readonly string[];
};

/** What the nft ruleset holds, in one note: native tables, and the x_tables tools' ones. */
export function nftTablesNote(json: string): string {
	const { ruleset } = loadNftJson(json, { source: "nft -j list ruleset" });
	if (ruleset.tables.length === 0) {
		return "nft list ruleset: no nftables tables.";
	}
	const tools = xtablesTables(ruleset);
	const named = (tables: typeof ruleset.tables) =>
		tables.map((t) => `${t.family} ${t.name}`).join(", ");
	const native = ruleset.tables.filter((t) => !tools.has(t));
	const compat = ruleset.tables.filter((t) => tools.has(t));
	const parts = [
		native.length > 0
			? `native nftables tables: ${named(native)}`
			: "no native nftables table",
		...(compat.length > 0
			? [`written by iptables-nft (the iptables-save rules): ${named(compat)}`]
			: []),
	];
	return `nft list ruleset: ${parts.join("; ")}.`;
}

export async function readNft(
	runner: Runner,
	rerun: string,
): Promise<NftRead | LiveFailure> {
	const result = await runner.run("nft-list-ruleset");
	if (result.kind === "missing") {
		const why =
			"nft is not installed here, so nftables tables (if the host has any) were not read";
		return { ok: true, nftMissing: why, notes: [`${why}.`] };
	}
	if (failed(result)) {
		if (isPermissionFailure(result)) {
			return readFailure(result, rerun, runner.timeoutMs);
		}
		const why = `could not read the nftables ruleset (${describeFailure(result, runner.timeoutMs)})`;
		return { ok: true, nftMissing: why, notes: [`${why}.`] };
	}
	return {
		ok: true,
		nftJson: result.stdout,
		notes: [nftTablesNote(result.stdout)],
	};
}
