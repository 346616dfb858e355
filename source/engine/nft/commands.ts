/**
 * An nft input as the batch of commands `nft -f` sends: a `table { }` block
 * expands into its table, chains, objects, sets and flowtables first and its
 * rules after them (nftables' nft_cmd_expand), so a rule may name a chain
 * defined further down its block; separate `add` commands apply in file
 * order, as the kernel applies a batch.
 */

import type { ElementsLater } from "./elements-later.js";
import type {
	NftChain,
	NftExpr,
	NftFamily,
	NftFlowtable,
	NftObject,
	NftOrigin,
	NftRule,
	NftSet,
	NftTable,
} from "./model.js";
import type { ChainHeader, PriorityText } from "./parse-blocks.js";
import type { RulesLater } from "./rules-later.js";

/** The table a command is about. */
export type NftTableRef = {
	readonly family: NftFamily;
	readonly table: string;
};

export type NftCommand =
	| {
			readonly kind: "add-table";
			readonly table: Omit<
				NftTable,
				"chains" | "sets" | "flowtables" | "objects"
			>;
			/** `create` fails when it exists; `add` does not. */
			readonly create: boolean;
	  }
	| ({
			readonly kind: "add-chain";
			/** The chain without its base hook, which `header` describes. */
			readonly chain: NftChain;
			readonly header: ChainHeader;
			readonly create: boolean;
	  } & NftTableRef)
	| ({
			readonly kind: "add-rule";
			readonly chain: string;
			readonly chainOrigin: NftOrigin;
			readonly rule: NftRule;
			/** `insert` puts the rule first (or before the positioned rule). */
			readonly insert: boolean;
	  } & NftTableRef)
	/** A chain's rules appended, kept to be read when first needed (rules-later.ts). */
	| ({
			readonly kind: "add-rules-later";
			readonly chain: string;
			readonly chainOrigin: NftOrigin;
			readonly later: RulesLater;
	  } & NftTableRef)
	| ({
			readonly kind: "add-set";
			readonly set: NftSet;
			readonly create: boolean;
			/** The elements, kept to be read when first needed (elements-later.ts). */
			readonly elementsLater?: ElementsLater;
	  } & NftTableRef)
	| ({
			readonly kind: "add-element";
			readonly set: string;
			readonly elements: readonly NftExpr[];
			readonly origin: NftOrigin;
	  } & NftTableRef)
	| ({
			readonly kind: "add-flowtable";
			readonly flowtable: NftFlowtable;
			readonly priority?: PriorityText;
	  } & NftTableRef)
	| ({ readonly kind: "add-object"; readonly object: NftObject } & NftTableRef)
	| {
			readonly kind: "flush" | "delete" | "destroy";
			/** `ruleset`, `table`, `chain`, `set`, `map`, `element`, `rule`, ... */
			readonly what: string;
			readonly family?: NftFamily;
			readonly table?: string;
			readonly name?: string;
			readonly handle?: number;
			readonly elements?: readonly NftExpr[];
			readonly origin: NftOrigin;
	  }
	| {
			readonly kind: "define";
			readonly name: string;
			readonly value: NftExpr;
			readonly redefine: boolean;
			readonly origin: NftOrigin;
	  }
	| {
			readonly kind: "undefine";
			readonly name: string;
			readonly origin: NftOrigin;
	  }
	/** `include "file"`: reported, not followed (iptx reads one file). */
	| {
			readonly kind: "include";
			readonly path: string;
			readonly origin: NftOrigin;
	  }
	/** Commands that change nothing (`list`, `describe`, `monitor`, `reset`, `rename`...). */
	| {
			readonly kind: "other";
			readonly verb: string;
			readonly origin: NftOrigin;
	  };
