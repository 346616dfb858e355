/**
 * The ruleset as a batch builds it up, command after command: tables by
 * family and name, each with its chains, sets, flowtables and objects in the
 * order they were added. Turned into the immutable model at the end.
 */
import { type KeptRules, LaterChain } from "./later-chain.js";
import type {
	NftChain,
	NftFamily,
	NftFlowtable,
	NftObject,
	NftRule,
	NftRuleset,
	NftSet,
	NftTable,
} from "./model.js";

import type { RulesLater } from "./rules-later.js";

export type ChainState = {
	chain: NftChain;
	rules: NftRule[];
	/** Rules appended after `rules`, not read yet (apply-later.ts). */
	later: RulesLater[] | undefined;
};

export type TableState = {
	table: Omit<NftTable, "chains" | "sets" | "flowtables" | "objects">;
	readonly chains: Map<string, ChainState>;
	readonly sets: Map<string, NftSet>;
	readonly flowtables: Map<string, NftFlowtable>;
	readonly objects: Map<string, NftObject>;
	/** Per set, its element keys and their data (built when first needed). */
	readonly elementIndex: Map<string, Map<string, string>>;
};

export function tableKey(family: NftFamily, name: string): string {
	return `${family} ${name}`;
}

export function objectKey(type: string, name: string): string {
	return `${type} ${name}`;
}

export function newTableState(table: TableState["table"]): TableState {
	return {
		table,
		chains: new Map(),
		sets: new Map(),
		flowtables: new Map(),
		objects: new Map(),
		elementIndex: new Map(),
	};
}

/** A chain's kept rules, read through the batch when first asked for. */
class KeptChainRules implements KeptRules {
	readonly #table: TableState;
	readonly #state: ChainState;
	readonly #kept: readonly RulesLater[];
	readonly #readLater: (table: TableState, chain: ChainState) => void;

	constructor(
		table: TableState,
		state: ChainState,
		kept: readonly RulesLater[],
		readLater: (table: TableState, chain: ChainState) => void,
	) {
		this.#table = table;
		this.#state = state;
		this.#kept = kept;
		this.#readLater = readLater;
	}

	read(): readonly NftRule[] {
		this.#readLater(this.#table, this.#state);
		return [...this.#state.rules];
	}

	mayUpdateSets(): boolean {
		return (
			this.#state.rules.length > 0 ||
			this.#kept.some((later) => later.mayUpdateSets?.() ?? true)
		);
	}
}

/**
 * The immutable model of the tables as they stand. A chain with rules kept
 * for later reads them through `readLater` when its rules are first asked for.
 */
export function freezeRuleset(
	tables: ReadonlyMap<string, TableState>,
	readLater: (table: TableState, chain: ChainState) => void = () => {},
): NftRuleset {
	const frozen = (table: TableState, state: ChainState): NftChain => {
		if (state.later === undefined)
			return { ...state.chain, rules: [...state.rules] };
		let count = state.rules.length;
		for (const later of state.later) count += later.count;
		return new LaterChain(
			state.chain,
			count,
			new KeptChainRules(table, state, state.later, readLater),
		);
	};
	return {
		tables: [...tables.values()].map(
			(state): NftTable => ({
				...state.table,
				chains: [...state.chains.values()].map((chain) => frozen(state, chain)),
				sets: [...state.sets.values()],
				flowtables: [...state.flowtables.values()],
				objects: [...state.objects.values()],
			}),
		),
	};
}
