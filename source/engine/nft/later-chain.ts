/**
 * A chain of the loaded ruleset whose rules are read when first asked for
 * (rules-later.ts): everything else about it (name, hook, policy) is known
 * at once, and how many rules it has is counted without reading them.
 */
import type { NftBaseHook, NftChain, NftOrigin, NftRule } from "./model.js";

/** Where a chain's unread rules come from (a table of the batch, load-state.ts). */
export type KeptRules = {
	/** Reads the rules (once; the chain keeps them). */
	read(): readonly NftRule[];
	/** False when the unread rules surely update no set (see LaterChain). */
	mayUpdateSets(): boolean;
};

export class LaterChain implements NftChain {
	readonly name: string;
	readonly handle?: number;
	readonly base?: NftBaseHook;
	readonly comment?: string;
	readonly origin: NftOrigin;
	/** The rules counted before they were read. */
	readonly counted: number;
	readonly #kept: KeptRules;
	#rules: readonly NftRule[] | undefined;

	constructor(
		chain: Omit<NftChain, "rules">,
		counted: number,
		kept: KeptRules,
	) {
		this.name = chain.name;
		if (chain.handle !== undefined) this.handle = chain.handle;
		if (chain.base !== undefined) this.base = chain.base;
		if (chain.comment !== undefined) this.comment = chain.comment;
		this.origin = chain.origin;
		this.counted = counted;
		this.#kept = kept;
	}

	/**
	 * False when the unread rules surely hold no set or map update (`add
	 * @set { .. }`, `update`, `delete`), told from their text; true when
	 * they may, or when they have been read.
	 */
	mayUpdateSets(): boolean {
		return this.isRead || this.#kept.mayUpdateSets();
	}

	get rules(): readonly NftRule[] {
		this.#rules ??= this.#kept.read();
		return this.#rules;
	}

	/** True once the rules have been read. */
	get isRead(): boolean {
		return this.#rules !== undefined;
	}

	toJSON(): NftChain {
		const { name, handle, base, comment, origin, rules } = this;
		return {
			name,
			rules,
			origin,
			...(handle === undefined ? {} : { handle }),
			...(base === undefined ? {} : { base }),
			...(comment === undefined ? {} : { comment }),
		};
	}
}

/**
 * How many rules a chain has, without reading rules kept for later (their
 * count is that of the statements in the body: a line nft would refuse is
 * counted, and reported when the body is read).
 */
export function nftRuleCount(chain: NftChain): number {
	return chain instanceof LaterChain && !chain.isRead
		? chain.counted
		: chain.rules.length;
}

/** False when the chain's rules, read or not, surely update no set (see LaterChain). */
export function chainMayUpdateSets(chain: NftChain): boolean {
	return !(chain instanceof LaterChain) || chain.mayUpdateSets();
}

/** How many chains of the ruleset have rules not read yet (for tests and the bench). */
export function unreadNftChains(ruleset: {
	readonly tables: readonly { readonly chains: readonly NftChain[] }[];
}): number {
	let unread = 0;
	for (const table of ruleset.tables)
		for (const chain of table.chains)
			if (chain instanceof LaterChain && !chain.isRead) unread++;
	return unread;
}
