/**
 * The engine functions the explorer uses, as one object. The app receives it
 * as a prop so views and reducers can be tested against hand-made traces; the
 * CLI passes `engineAdapter` (the real engine).
 */
import type {
	ConntrackEntry,
	HostView,
	IpSet,
	NftHost,
	Packet,
	PacketInput,
	PacketMeta,
	Ruleset,
	Trace,
} from "../engine/index.js";

/** Conntrack and rule state between packets: opaque to the UI. */
export type EngineToken = { readonly __engineState: unique symbol } | object;

export type SimulationContext = {
	/** The iptables (IPv4) tables. */
	readonly ruleset: Ruleset;
	/** The ip6tables tables, when given (`--rules6`); IPv6 packets meet none without. */
	readonly ruleset6?: Ruleset;
	readonly host: HostView;
	readonly ipsets?: ReadonlyMap<string, IpSet>;
	/** The host's nftables ruleset (`nft -j list ruleset`), prepared to run beside its iptables tables. */
	readonly nft?: NftHost;
};

export type PacketSpecResult =
	| {
			readonly ok: true;
			readonly input: PacketInput;
			/** Devices a LOG line names (OUT= says where it went where it was logged). */
			readonly devices?: { readonly in: string; readonly out: string };
	  }
	| { readonly ok: false; readonly error: string; readonly column: number };

export type UiEngine = {
	readonly createState: () => EngineToken;
	readonly simulate: (
		context: SimulationContext,
		input: PacketInput,
		state: EngineToken,
	) => { readonly trace: Trace; readonly state: EngineToken };
	/** The reply to the packet as it left, or undefined when there is none. */
	readonly replyTo: (trace: Trace) => PacketInput | undefined;
	readonly conntrackEntries: (state: EngineToken) => readonly ConntrackEntry[];
	readonly parsePacketSpec: (text: string) => PacketSpecResult;
	/** `Jul 25 03:54:35 maddog kernel: IN=...`; `time` in epoch seconds (UTC). */
	readonly formatMessagesLine: (
		line: string,
		time: number,
		hostname: string,
	) => string;
	readonly formatPacketShort: (packet: Packet, meta: PacketMeta) => string;
	/** Makes control characters visible (`\x1b`) so rule text cannot drive the terminal. */
	readonly escapeTerminalText: (text: string) => string;
};

/** What the explorer shows: one host, its ruleset, its preset packets. */
export type Session = {
	readonly context: SimulationContext;
	readonly hostName: string;
	/** Packet specs in the engine's short notation; the first is sent at start. */
	readonly presets: readonly string[];
	/** Where the ruleset came from, for the header (`sample docker-seed`). */
	readonly origin: string;
	/** Epoch seconds of packet time 0, for LOG timestamps. */
	readonly clock: number;
	/** Things to know about the inputs (shown at start and with `i`). */
	readonly notes: readonly string[];
	/** Parse and host diagnostics, grouped (`3x Bad mac address (rules 4:1, ...)`). */
	readonly diagnostics?: readonly string[];
	/**
	 * Diagnostics found after the start, grouped: nft chain bodies and set
	 * elements are read when first shown or run, and report then.
	 */
	readonly laterDiagnostics?: () => readonly string[];
	/**
	 * Set when the host was not given but assumed from the ruleset: what was
	 * assumed, one line each. The header says ASSUMED HOST.
	 */
	readonly assumedHost?: readonly string[];
	/**
	 * Set when the host has nftables tables that were not given (the header
	 * says NFT NOT GIVEN): why we know, and how to give them.
	 */
	readonly nftAbsent?: string;
	/**
	 * Writes a new file (never replaces one); returns an error message or
	 * undefined. Absent where the explorer may not write (tests without it).
	 */
	readonly writeNewFile?: (path: string, text: string) => string | undefined;
	/** Engine state the first packet meets (the live host's connections); default: empty. */
	readonly initialState?: EngineToken;
};
