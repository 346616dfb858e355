/**
 * What one iptables-restore rule line asks for, before it is applied to a
 * table: the command (`-A`, `-I`, `-D`, `-N`, ...) and the rule spec.
 */
import type {
	AddressTest,
	Counters,
	MatchCall,
	RuleHeader,
	TargetCall,
} from "../model/ruleset.js";

export type RuleSpec = {
	readonly header: RuleHeader;
	/** Every `-s` address of a comma list (one rule per source × destination). */
	readonly sources: readonly AddressTest[];
	readonly destinations: readonly AddressTest[];
	readonly matches: readonly MatchCall[];
	readonly target?: TargetCall;
	readonly counters?: Counters;
};

export type CommandName =
	| "append"
	| "insert"
	| "delete"
	| "replace"
	| "new-chain"
	| "delete-chain"
	| "flush"
	| "zero"
	| "policy"
	| "rename";

export type RuleCommand = {
	readonly kind: CommandName;
	readonly chain?: string;
	readonly chainColumn: number;
	/** `-I`/`-D`/`-R`/`-Z` rule number, 1-based. */
	readonly position?: number;
	/** `-P` policy or `-E` new name. */
	readonly argument?: string;
	readonly spec: RuleSpec;
	/** Column of the `-j`/`-g` name, for diagnostics about the target. */
	readonly targetColumn: number;
};
