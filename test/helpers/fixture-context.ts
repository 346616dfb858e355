/**
 * Builders for match/target unit tests and for callers that evaluate one
 * module outside a traversal: a plain packet, an in-memory state store and a
 * host view whose answers the test chooses.
 */
import type { CtView } from "../conntrack/types.js";
import type { HostView } from "../host/host-view.js";
import type { AddressType } from "../model/host.js";
import type { Packet, PacketMeta } from "../model/packet.js";
import type { RawOption } from "../model/ruleset.js";
import type { TargetContext, TargetModule } from "../target/types.js";
import type {
	MatchContext,
	MatchModule,
	ParseContext,
	RuleStateStore,
} from "./types.js";

/** A state store backed by a Map (what the traversal persists per packet). */
export function memoryStore(): RuleStateStore {
	const values = new Map<string, unknown>();
	return {
		get: <T>(key: string) => values.get(key) as T | undefined,
		set: <T>(key: string, value: T) => {
			values.set(key, value);
		},
	};
}

/** TCP SYN 10.0.0.1:40000 → 10.0.0.2:80, TTL 64, length 60. */
export const samplePacket: Packet = {
	src: 0x0a000001,
	dst: 0x0a000002,
	protocol: 6,
	length: 60,
	tos: 0,
	ttl: 64,
	id: 1,
	ce: false,
	df: true,
	mf: false,
	fragmentOffset: 0,
	sport: 40000,
	dport: 80,
	tcp: { seq: 1000, ack: 0, window: 64240, res: 0, flags: 0x02, urgp: 0 },
};

export const sampleMeta: PacketMeta = {
	inInterface: "eth0",
	mark: 0,
	time: 1000,
};

/** A host view whose `addressType` answers from a table (default UNICAST). */
export function stubHost(
	types: Readonly<Record<string, AddressType>> = {},
): HostView {
	const fail = (): never => {
		throw new Error("stubHost: not available in this test");
	};
	return {
		host: {
			name: "test",
			interfaces: [],
			routes: [],
			settings: {
				ipForward: true,
				bridgeNetfilter: true,
				tcpLoose: true,
				rpFilter: 0,
				routeLocalnet: false,
			},
		},
		interface: () => undefined,
		isLocal: () => false,
		addressType: (address, device) =>
			types[`${address}@${device ?? ""}`] ??
			types[String(address)] ??
			"UNICAST",
		route: fail,
		selectSourceAddress: () => undefined,
		primaryAddress: () => undefined,
		bridgeOf: () => undefined,
		interfaceByMac: () => undefined,
	};
}

/** Like Partial, but `undefined` removes an optional field (`tcp: undefined`). */
export type Loose<T> = { readonly [K in keyof T]?: T[K] | undefined };

export type ContextOverrides = {
	readonly packet?: Loose<Packet>;
	readonly meta?: Loose<PacketMeta>;
	readonly conntrack?: CtView;
	readonly base?: MatchContext;
} & Partial<
	Omit<MatchContext, "packet" | "meta" | "conntrack" | "time"> & {
		time: number;
	}
>;

/** A match context for one packet; pass `base` to keep state between calls. */
export function makeContext(overrides: ContextOverrides = {}): MatchContext {
	const base = overrides.base;
	const packet = {
		...(base?.packet ?? samplePacket),
		...overrides.packet,
	} as Packet;
	const meta = {
		...(base?.meta ?? sampleMeta),
		...overrides.meta,
	} as PacketMeta;
	return {
		packet,
		meta,
		hook: overrides.hook ?? base?.hook ?? "INPUT",
		table: overrides.table ?? base?.table ?? "filter",
		inInterface: overrides.inInterface ?? base?.inInterface ?? meta.inInterface,
		outInterface: overrides.outInterface ?? base?.outInterface ?? "",
		conntrack: overrides.conntrack ??
			base?.conntrack ?? { info: "NEW", unconfirmed: true },
		host: overrides.host ?? base?.host ?? stubHost(),
		time: overrides.time ?? meta.time,
		state: overrides.state ?? base?.state ?? memoryStore(),
		shared: overrides.shared ?? base?.shared ?? memoryStore(),
		ipsets: overrides.ipsets ?? base?.ipsets ?? new Map(),
		random: overrides.random ?? base?.random ?? (() => 0.5),
	};
}

export const sampleParseContext: ParseContext = {
	table: "filter",
	chain: "INPUT",
	family: "ipv4",
	protocol: 6,
	protocolInverted: false,
	source: "test",
	line: 1,
};

/**
 * Splits `--dport 22 ! --sport 1:2` into RawOptions the way the rule parser
 * groups tokens (for tests). Quotes are not handled.
 */
export function rawOptions(text: string): RawOption[] {
	const tokens = text.split(/\s+/).filter((t) => t !== "");
	const options: RawOption[] = [];
	let invertColumn: number | undefined;
	let column = 1;
	for (const token of tokens) {
		if (token === "!") {
			invertColumn = column;
		} else if (token.startsWith("--")) {
			const invert = invertColumn !== undefined;
			options.push({
				name: token,
				invert,
				args: [],
				column: invertColumn ?? column,
			});
			invertColumn = undefined;
		} else {
			const last = options.at(-1);
			if (last !== undefined)
				options[options.length - 1] = { ...last, args: [...last.args, token] };
		}
		column += token.length + 1;
	}
	return options;
}

/** Parses `text` with `module`; throws (a test failure) on any diagnostic. */
export function parsedData<D>(
	module: MatchModule<D>,
	text: string,
	context: Partial<ParseContext> = {},
): D {
	const { data, diagnostics } = module.parse(rawOptions(text), {
		...sampleParseContext,
		...context,
	});
	if (diagnostics.length > 0)
		throw new Error(
			`unexpected diagnostics: ${diagnostics.map((d) => d.message).join("; ")}`,
		);
	return data;
}

/** Parses and evaluates in one go; returns the result word. */
export function resultOf<D>(
	module: MatchModule<D>,
	text: string,
	overrides: ContextOverrides = {},
	parse: Partial<ParseContext> = {},
): string {
	return module.evaluate(
		parsedData(module, text, parse),
		makeContext(overrides),
	).result;
}

/** Messages of the diagnostics `text` produces. */
export function messagesOf<D>(
	module: MatchModule<D>,
	text: string,
	context: Partial<ParseContext> = {},
): string[] {
	return module
		.parse(rawOptions(text), { ...sampleParseContext, ...context })
		.diagnostics.map((d) => d.message);
}

/** A target context for one packet (same defaults as `makeContext`). */
export function makeTargetContext(
	overrides: ContextOverrides & { readonly chain?: string } = {},
): TargetContext {
	const context = makeContext(overrides);
	return { ...context, chain: overrides.chain ?? context.hook };
}

/** Parses `text` with a target; throws (a test failure) on any diagnostic. */
export function parsedTarget<D>(
	target: TargetModule<D>,
	text: string,
	context: Partial<ParseContext> = {},
): D {
	const { data, diagnostics } = target.parse(rawOptions(text), {
		...sampleParseContext,
		...context,
	});
	if (diagnostics.length > 0)
		throw new Error(
			`unexpected diagnostics: ${diagnostics.map((d) => d.message).join("; ")}`,
		);
	return data;
}

/** Messages a target's parse reports for `text`. */
export function targetMessages<D>(
	target: TargetModule<D>,
	text: string,
	context: Partial<ParseContext> = {},
): string[] {
	return target
		.parse(rawOptions(text), { ...sampleParseContext, ...context })
		.diagnostics.map((d) => d.message);
}
