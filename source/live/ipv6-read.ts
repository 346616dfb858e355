/**
 * The IPv6 half of a live read: the ip6tables ruleset from the same backend
 * as the IPv4 one (the kernel keeps a set of tables per family, and the
 * iptables command uses one backend for both), and the IPv6 routes. A host
 * without ip6tables or without IPv6 routes is told in notes, not refused;
 * a host whose IPv6 tables are empty says so.
 */
import type { ReadOnlyCommandId } from "./commands.js";
import {
	describeFailure,
	failed,
	isPermissionFailure,
	type LiveFailure,
	readFailure,
} from "./failure.js";
import { type Backend, holdsRules } from "./ruleset-read.js";
import type { Runner } from "./runner.js";

export type Ipv6Read = {
	readonly ok: true;
	/** `ip6tables-save` output of the backend in use, when it could be read. */
	readonly rules6Text?: string;
	/** The command whose output is `rules6Text`, for display. */
	readonly rules6Command?: string;
	/** `ip -j -6 route show` output, when it could be read. */
	readonly route6Json?: string;
	readonly notes: readonly string[];
};

const saveByBackend: Record<Backend, ReadOnlyCommandId> = {
	legacy: "ip6tables-legacy-save",
	nf_tables: "ip6tables-nft-save",
};

/** The note for IPv6 tables that hold nothing (no rule, every policy ACCEPT). */
export const emptyTables6Note =
	"The host's IPv6 tables are empty (ip6tables-save shows no rule and only ACCEPT policies): IPv6 packets pass them untouched.";

async function readTables6(
	runner: Runner,
	backend: Backend,
	rerun: string,
	notes: string[],
): Promise<{ text: string; command: string } | LiveFailure | undefined> {
	let result = await runner.run(saveByBackend[backend]);
	if (result.kind === "missing") result = await runner.run("ip6tables-save");
	if (result.kind === "missing") {
		notes.push(
			"ip6tables-save is not installed here: the IPv6 tables are not read (IPv6 packets meet none).",
		);
		return undefined;
	}
	if (failed(result)) {
		if (isPermissionFailure(result))
			return readFailure(result, rerun, runner.timeoutMs);
		notes.push(
			`Could not read the IPv6 tables (${describeFailure(result, runner.timeoutMs)}): IPv6 packets meet none.`,
		);
		return undefined;
	}
	if (!holdsRules(result.stdout)) notes.push(emptyTables6Note);
	return { text: result.stdout, command: result.display };
}

async function readRoutes6(
	runner: Runner,
	notes: string[],
): Promise<string | undefined> {
	const result = await runner.run("ip-route6");
	if (result.kind !== "missing" && !failed(result)) {
		try {
			if (Array.isArray(JSON.parse(result.stdout))) return result.stdout;
		} catch {}
	}
	notes.push(
		"Could not read the IPv6 routes (`ip -j -6 route show`): IPv6 packets find no route.",
	);
	return undefined;
}

/** Reads the IPv6 tables (of `backend`) and routes; fails only when root is needed. */
export async function readIpv6(
	runner: Runner,
	backend: Backend,
	rerun: string,
): Promise<Ipv6Read | LiveFailure> {
	const notes: string[] = [];
	const tables = await readTables6(runner, backend, rerun, notes);
	if (tables !== undefined && "ok" in tables) return tables;
	const route6Json = await readRoutes6(runner, notes);
	return {
		ok: true,
		...(tables === undefined
			? {}
			: { rules6Text: tables.text, rules6Command: tables.command }),
		...(route6Json === undefined ? {} : { route6Json }),
		notes,
	};
}
