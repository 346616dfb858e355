/**
 * The quick reading of a canonical `-A` line whose rule is built later:
 * when every match and the target have a quick check (match/types.ts) that
 * vouches for their options, the line is checked without module parses (and
 * without option objects, unless `iptx check` observes the line's facts).
 * That is nearly every line of a kube-proxy file. Any doubt, and the line
 * is read in full instead, with nothing reported here.
 */
import type { OptionSpecs } from "../match/option-values.js";
import type { ParseContext, QuickCheck, QuickOptions } from "../match/types.js";
import type { RawOption, TargetCall } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import {
	lineHead,
	listedName,
	maxArguments,
	moduleAt,
	readHeadWord,
	shortLetter,
	startLine,
	takesNoArgument,
} from "./canonical-parts.js";
import type { RuleFacts } from "./checked-rule.js";
import { checkedCommand, tellObserver } from "./finish-rule.js";
import {
	charAt,
	hasValue,
	isBang,
	isValueWord,
	word,
	wordColumn,
	wordLike,
} from "./line-words.js";
import { parseContextOf } from "./module-calls.js";
import type { RuleCommand } from "./rule-command.js";
import type { RuleParseState } from "./rule-state.js";
import { quietTargetKind } from "./target-kind.js";

/** More options than this in one match sends the line to the full read. */
const maxOptions = 16;

/** One match's or the target's options, as word indices of the line. */
class WordOptions implements QuickOptions {
	count = 0;
	readonly #names: string[] = [];
	readonly #inverted = new Uint8Array(maxOptions);
	readonly #firstArg = new Int32Array(maxOptions);
	readonly #argCount = new Uint8Array(maxOptions);
	/** Where each option starts (its `!` when inverted). */
	readonly #column = new Int32Array(maxOptions);

	name(index: number): string {
		return this.#names[index] as string;
	}

	inverted(index: number): boolean {
		return this.#inverted[index] === 1;
	}

	argCount(index: number): number {
		return this.#argCount[index] as number;
	}

	arg(index: number, k = 0): string {
		return k < (this.#argCount[index] as number)
			? word((this.#firstArg[index] as number) + k)
			: "";
	}

	/** False when there is no room left. `invertColumn`: 0 when no `!`. */
	add(name: string, invertColumn: number, at: number, count: number): boolean {
		const index = this.count;
		if (index === maxOptions) return false;
		// An option given twice is for the full read to report.
		for (let i = 0; i < index; i++) if (this.#names[i] === name) return false;
		this.#names[index] = name;
		this.#inverted[index] = invertColumn === 0 ? 0 : 1;
		this.#column[index] = invertColumn || wordColumn(at);
		this.#firstArg[index] = at + 1;
		this.#argCount[index] = count;
		this.count = index + 1;
		return true;
	}

	/** The options as objects, for the facts `iptx check` reads. */
	raw(): RawOption[] {
		const list: RawOption[] = [];
		for (let i = 0; i < this.count; i++) {
			const first = this.#firstArg[i] as number;
			const args: string[] = [];
			for (let k = 0; k < (this.#argCount[i] as number); k++)
				args.push(word(first + k));
			list.push({
				name: this.name(i),
				invert: this.inverted(i),
				args,
				column: this.#column[i] as number,
			});
		}
		return list;
	}
}

const options = new WordOptions();

type MatchFacts = RuleFacts["matches"][number];

/**
 * The options gathered so far vouched for by `check` (then cleared). When
 * `facts` is given, a vouched match's facts are added to it.
 */
function vouched(
	check: QuickCheck,
	context: ParseContext,
	facts?: { list: MatchFacts[]; module: string; column: number },
): boolean {
	const ok = check(options, context);
	if (ok && facts)
		facts.list.push({
			module: facts.module,
			known: true,
			column: facts.column,
			options: options.raw(),
		});
	options.count = 0;
	return ok;
}

/**
 * The line's command when quick checks vouch for all of it; undefined to
 * read it in full. `state` has the line's chain; its words are split.
 */
export function readQuickly(
	state: RuleParseState,
	count: number,
): RuleCommand | undefined {
	const { scope } = state;
	const { observer } = scope;
	options.count = 0;
	let context: ParseContext | undefined;
	/** The open `-m` group's check and facts (for `iptx check`). */
	let check: QuickCheck | undefined;
	const facts = observer && { list: [] as MatchFacts[], module: "", column: 0 };
	let names: readonly string[] | undefined;
	let specs: OptionSpecs | undefined;
	let target: string | undefined;
	let targetAt = 0;
	startLine();
	let at = 2;
	while (at < count) {
		const grouped = names !== undefined || target !== undefined;
		const next = readHeadWord(state, at, count, grouped);
		if (next === -1) return undefined;
		if (next !== 0) {
			at = next;
			continue;
		}
		const letter = shortLetter(at);
		const { invertColumn } = lineHead;
		if (letter === 109 || letter === 106 || letter === 103) {
			// -m, -j, -g: the open group is complete.
			if (invertColumn !== 0 || !hasValue(at + 1, count) || target)
				return undefined;
			context ??= parseContextOf(state, scope);
			if (check !== undefined && !vouched(check, context, facts))
				return undefined;
			if (letter === 109) {
				const module = moduleAt(at + 1, scope);
				check = module?.quickCheck;
				if (module === undefined || check === undefined) return undefined;
				// Its options are needed: the full read reports their absence.
				if (module.required && !(at + 2 < count && charAt(at + 2, 1) === 45))
					return undefined;
				names = module.optionNames;
				specs = module.optionSpecs;
				if (facts) {
					facts.module = wordLike(at + 1, module.name);
					facts.column = wordColumn(at);
				}
			} else {
				// Its module is looked up once it has options (most have none).
				target = word(at + 1);
				targetAt = at + 1;
				check = undefined;
				names = undefined;
				specs = undefined;
			}
			at += 2;
			continue;
		}
		if (target !== undefined && names === undefined) {
			const module = findTargetModule(target);
			check = module?.quickCheck;
			names = module?.optionNames ?? [];
			specs = module?.optionSpecs;
		}
		// --option [ARG...]: one the open group's module lists.
		const name = listedName(names, at);
		if (name === undefined || charAt(at, 1) !== 45) return undefined;
		if (at + 1 < count && isBang(at + 1)) return undefined;
		let after = at + 1;
		while (after < count && isValueWord(after)) after++;
		if (after === at + 1 && !takesNoArgument(specs, name)) return undefined;
		if (after - at - 1 > maxArguments(specs, name)) return undefined;
		if (!options.add(name, invertColumn, at, after - at - 1)) return undefined;
		lineHead.invertColumn = 0;
		at = after;
	}
	if (lineHead.invertColumn !== 0) return undefined;
	context ??= parseContextOf(state, scope);
	if (target === undefined) {
		if (check !== undefined && !vouched(check, context, facts))
			return undefined;
		if (observer && facts) tellObserver(observer, state, facts.list, undefined);
		return checkedCommand(state, 1);
	}
	const kind = quietTargetKind(target, charAt(targetAt - 1, 1) === 103, scope);
	if (kind === "extension" && names === undefined)
		check = findTargetModule(target)?.quickCheck;
	const targetOptions = observer ? options.raw() : undefined;
	if (kind === undefined || !targetVouched(kind, check, context))
		return undefined;
	if (observer && facts)
		tellObserver(observer, state, facts.list, {
			name: target,
			kind,
			column: wordColumn(targetAt),
			options: targetOptions ?? [],
		});
	return checkedCommand(state, wordColumn(targetAt));
}

/**
 * A target without a problem: a verdict or chain without options, or an
 * extension whose quick check vouches for its options.
 */
function targetVouched(
	kind: TargetCall["kind"],
	check: QuickCheck | undefined,
	context: ParseContext,
): boolean {
	if (kind === "extension")
		return check !== undefined && vouched(check, context);
	const ok = options.count === 0;
	options.count = 0;
	return ok;
}
