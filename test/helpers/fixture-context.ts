/**
 * Builders for match/target unit tests: a plain packet, an in-memory state
 * store, a host view whose answers the test chooses, and parse helpers that
 * turn `--dport 22` text into a module's data. Kept under test/ so it never
 * ships in dist.
 */
import type { CtView } from "../../source/engine/conntrack/types.js";
import type {
	MatchContext,
	MatchModule,
	ParseContext,
	RuleStateStore,
} from "../../source/engine/match/types.js";
import {
	type Packet,
	type PacketMeta,
	tcpFlag,
} from "../../source/engine/model/packet.js";
import type { RawOption } from "../../source/engine/model/ruleset.js";
import type { TargetContext } from "../../source/engine/target/types.js";
import { stubHost, tcpPacket } from "./packets.js";

export { stubHost };

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
export const samplePacket: Packet = tcpPacket(
	"10.0.0.1",
	40000,
	"10.0.0.2",
	80,
	tcpFlag.SYN,
	{ seq: 1000 },
);

export const sampleMeta: PacketMeta = {
	inInterface: "eth0",
	mark: 0,
	time: 1000,
};

/** An ESTABLISHED connection 1:1 → 2:2 whose ctmark is `mark` (for mark tests). */
export function markedConnection(mark: number): CtView {
	return {
		info: "ESTABLISHED",
		entry: {
			id: 1,
			original: { src: 1, dst: 2, protocol: 6, sport: 1, dport: 2 },
			reply: { src: 2, dst: 1, protocol: 6, sport: 2, dport: 1 },
			status: 0,
			mark,
			expires: 0,
			created: 0,
			zone: 0,
		},
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
		...(overrides.connections ? { connections: overrides.connections } : {}),
		...(overrides.loadedTable ? { loadedTable: overrides.loadedTable } : {}),
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

/** What a match or target module offers for parsing its options. */
export type ParsesOptions<D> = Pick<MatchModule<D>, "parse">;

/** Parses `text` with a match or target; throws (a test failure) on any diagnostic. */
export function parsedData<D>(
	module: ParsesOptions<D>,
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

/** Messages of the diagnostics a match or target reports for `text`. */
export function messagesOf<D>(
	module: ParsesOptions<D>,
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

/** `parsedData` under the name target tests use. */
export const parsedTarget = parsedData;

/** `messagesOf` under the name target tests use. */
export const targetMessages = messagesOf;
