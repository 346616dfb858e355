/**
 * What a checked rule line tells about its rule without building it: the
 * facts the load checks read (`iptx check`), handed to an observer while the
 * file is read. A built Rule has the same facts, so the checks read either.
 */
import type {
	RawOption,
	RuleHeader,
	TableName,
	TargetCall,
} from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";

export type RuleFacts = {
	readonly chain: string;
	readonly line: number;
	/** The rule's line as written. */
	readonly text: string;
	readonly header: Pick<
		RuleHeader,
		"protocol" | "inInterface" | "outInterface"
	>;
	readonly matches: readonly {
		readonly module: string;
		/** iptx has a module for it. */
		readonly known: boolean;
		readonly column: number;
		readonly options: readonly RawOption[];
	}[];
	readonly target?:
		| {
				readonly name: string;
				readonly kind: TargetCall["kind"];
				readonly column: number;
				readonly options: readonly RawOption[];
		  }
		| undefined;
};

/**
 * One `-A` line checked in a table whose rules are built later. `copies`:
 * how many rules it makes (`-s a,b` makes two).
 */
export class CheckedRule implements RuleFacts {
	readonly chain: string;
	readonly line: number;
	readonly header: RuleFacts["header"];
	readonly matches: RuleFacts["matches"];
	readonly target: RuleFacts["target"];
	readonly table: TableName;
	/** The `*table` line of the table section it is in. */
	readonly tableLine: number;
	readonly copies: number;
	/** The numbers of its chain and of the chain it jumps to (-1: none) in the table. */
	readonly chainNumber: number;
	readonly targetNumber: number;
	readonly #source: SourceText;
	readonly #start: number;
	readonly #end: number;

	constructor(
		facts: Omit<RuleFacts, "text"> & {
			readonly table: TableName;
			readonly tableLine: number;
			readonly copies: number;
			readonly chainNumber: number;
			readonly targetNumber: number;
		},
		source: SourceText,
		start: number,
		end: number,
	) {
		this.chain = facts.chain;
		this.line = facts.line;
		this.header = facts.header;
		this.matches = facts.matches;
		this.target = facts.target;
		this.table = facts.table;
		this.tableLine = facts.tableLine;
		this.copies = facts.copies;
		this.chainNumber = facts.chainNumber;
		this.targetNumber = facts.targetNumber;
		this.#source = source;
		this.#start = start;
		this.#end = end;
	}

	/** Made only when a check needs it (a column in the line). */
	get text(): string {
		return this.#source.text.slice(this.#start, this.#end);
	}
}

/** Sees every rule line of a table whose rules are built later, as it is checked. */
export type RuleObserver = (rule: CheckedRule) => void;
