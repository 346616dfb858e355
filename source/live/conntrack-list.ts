/**
 * Parses `conntrack -L` output (plain or `-o extended`) so a live host's
 * existing connections can seed the simulator's conntrack table. Pure: no
 * I/O, never throws; lines it cannot read become diagnostics.
 */
import {
	type ConntrackEntry,
	ctStatus,
	type Tuple,
	tcpConntrackStates,
} from "../engine/conntrack/types.js";
import type { Diagnostic } from "../engine/diagnostics.js";
import { parseIpv4 } from "../engine/net/ipv4.js";

/** One direction as conntrack prints it. ICMP fills type/code/id, not ports. */
export type ConntrackListTuple = {
	readonly src: string;
	readonly dst: string;
	readonly sport?: number;
	readonly dport?: number;
	readonly icmpType?: number;
	readonly icmpCode?: number;
	readonly icmpId?: number;
};

export type ConntrackListEntry = {
	/** 1-based line in the listing. */
	readonly line: number;
	/** `tcp`, `udp`, `icmp`, `unknown` … */
	readonly protocolName: string;
	readonly protocol: number;
	/** Seconds left before the entry expires. */
	readonly timeout: number;
	/** TCP state (`ESTABLISHED` …), absent for other protocols. */
	readonly state?: string;
	readonly original: ConntrackListTuple;
	readonly reply: ConntrackListTuple;
	/** Bracketed flags: `ASSURED`, `UNREPLIED`, `OFFLOAD` … */
	readonly flags: readonly string[];
	readonly mark: number;
	readonly zone: number;
	readonly helper?: string;
};

export type ConntrackListResult = {
	readonly entries: readonly ConntrackListEntry[];
	readonly diagnostics: readonly Diagnostic[];
};

type MutableTuple = {
	-readonly [K in keyof ConntrackListTuple]: ConntrackListTuple[K];
};

const tupleFields: Record<string, keyof ConntrackListTuple> = {
	src: "src",
	dst: "dst",
	sport: "sport",
	dport: "dport",
	type: "icmpType",
	code: "icmpCode",
	id: "icmpId",
};

/** Adds `key=value` to the current tuple; false when it belongs to the entry. */
function addToTuple(
	tuples: MutableTuple[],
	key: string,
	value: string,
	protocol: number,
): boolean {
	const field = tupleFields[key];
	const icmpOnly = key === "type" || key === "code" || key === "id";
	if (field === undefined || (icmpOnly && protocol !== 1)) {
		return false;
	}
	if (key === "src") {
		tuples.push({ src: value, dst: "" });
		return true;
	}
	const tuple = tuples[tuples.length - 1];
	if (tuple === undefined) {
		return false;
	}
	if (field === "dst" || field === "src") {
		if (tuple.dst !== "") {
			return false;
		}
		tuple.dst = value;
		return true;
	}
	if (tuple[field] !== undefined) {
		return false;
	}
	tuple[field] = Number(value);
	return true;
}

function helperField(helper: string | undefined): { helper?: string } {
	return helper === undefined ? {} : { helper };
}

function parseLine(
	text: string,
	line: number,
): ConntrackListEntry | string | undefined {
	const words = text.trim().split(/\s+/);
	if (words[0] === "ipv4" || words[0] === "ipv6") {
		if (words[0] === "ipv6") {
			return undefined;
		}
		words.splice(0, 2);
	}
	const [protocolName, protoText, timeoutText, ...rest] = words;
	const protocol = Number(protoText);
	const timeout = Number(timeoutText);
	if (
		protocolName === undefined ||
		!Number.isInteger(protocol) ||
		!Number.isInteger(timeout)
	) {
		return "expected `PROTO NUMBER TIMEOUT` at the start of the line";
	}
	const tuples: MutableTuple[] = [];
	const flags: string[] = [];
	const extra = new Map<string, string>();
	let state: string | undefined;
	for (const word of rest) {
		const flag = /^\[(\w+)\]$/.exec(word)?.[1];
		const pair = /^([\w-]+)=(.*)$/.exec(word);
		if (flag !== undefined) {
			flags.push(flag);
		} else if (pair?.[1] !== undefined && pair[2] !== undefined) {
			if (!addToTuple(tuples, pair[1], pair[2], protocol)) {
				extra.set(pair[1], pair[2]);
			}
		} else if (tuples.length === 0 && /^[A-Z_0-9]+$/.test(word)) {
			state = word;
		}
	}
	const [original, reply] = tuples;
	if (
		original === undefined ||
		reply === undefined ||
		tuples.length !== 2 ||
		tuples.some((tuple) => tuple.dst === "")
	) {
		return "expected an original and a reply tuple (src=… dst=…)";
	}
	return {
		line,
		protocolName,
		protocol,
		timeout,
		...(state === undefined ? {} : { state }),
		original,
		reply,
		flags,
		mark: Number(extra.get("mark") ?? 0) || 0,
		zone: Number(extra.get("zone") ?? 0) || 0,
		...helperField(extra.get("helper")),
	};
}

/** Parses a whole listing; the tool's summary line and IPv6 entries are skipped. */
export function parseConntrackList(
	text: string,
	source = "conntrack -L",
): ConntrackListResult {
	const entries: ConntrackListEntry[] = [];
	const diagnostics: Diagnostic[] = [];
	text.split("\n").forEach((raw, index) => {
		if (raw.trim() === "" || raw.startsWith("conntrack v")) {
			return;
		}
		const parsed = parseLine(raw, index + 1);
		if (typeof parsed === "string") {
			diagnostics.push({
				severity: "warning",
				code: "conntrack-line",
				message: `cannot read this conntrack entry: ${parsed}`,
				source,
				line: index + 1,
				column: 1,
				length: Math.max(1, raw.length),
			});
		} else if (parsed !== undefined) {
			entries.push(parsed);
		}
	});
	return { entries, diagnostics };
}

function toTuple(
	tuple: ConntrackListTuple,
	protocol: number,
): Tuple | undefined {
	const src = parseIpv4(tuple.src);
	const dst = parseIpv4(tuple.dst);
	if (src === undefined || dst === undefined) {
		return undefined;
	}
	if (protocol === 1) {
		const type = ((tuple.icmpType ?? 0) << 8) | (tuple.icmpCode ?? 0);
		return { src, dst, protocol, sport: tuple.icmpId ?? 0, dport: type };
	}
	return {
		src,
		dst,
		protocol,
		sport: tuple.sport ?? 0,
		dport: tuple.dport ?? 0,
	};
}

function natStatus(original: Tuple, reply: Tuple): number {
	const icmp = original.protocol === 1;
	let status = 0;
	if (reply.src !== original.dst || (!icmp && reply.sport !== original.dport)) {
		status |= ctStatus.DST_NAT | ctStatus.DST_NAT_DONE;
	}
	const idChanged = icmp
		? reply.sport !== original.sport
		: reply.dport !== original.sport;
	if (reply.dst !== original.src || idChanged) {
		status |= ctStatus.SRC_NAT | ctStatus.SRC_NAT_DONE;
	}
	return status;
}

/**
 * The engine's view of a listed entry: listed entries are confirmed; NAT bits
 * follow from the reply tuple differing from the inverted original.
 * @param now packet-clock seconds; `expires` is `now + timeout`.
 * @returns undefined for entries that are not IPv4.
 */
export function toConntrackEntry(
	entry: ConntrackListEntry,
	options: { readonly id: number; readonly now: number },
): ConntrackEntry | undefined {
	const original = toTuple(entry.original, entry.protocol);
	const reply = toTuple(entry.reply, entry.protocol);
	if (original === undefined || reply === undefined) {
		return undefined;
	}
	let status = ctStatus.CONFIRMED | natStatus(original, reply);
	if (!entry.flags.includes("UNREPLIED")) {
		status |= ctStatus.SEEN_REPLY;
	}
	if (entry.flags.includes("ASSURED")) {
		status |= ctStatus.ASSURED;
	}
	const tcpState = tcpConntrackStates.find((state) => state === entry.state);
	return {
		id: options.id,
		original,
		reply,
		status,
		mark: entry.mark,
		...(entry.protocol === 6 && tcpState !== undefined ? { tcpState } : {}),
		expires: options.now + entry.timeout,
		created: options.now,
		zone: entry.zone,
		...(entry.helper === undefined ? {} : { helper: entry.helper }),
	};
}
