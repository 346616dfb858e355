/**
 * The quick reading of a canonical `-A` line whose rule is built later and
 * whose checks nobody observes (parse, not `iptx check`): when every match
 * and the target have a quick check (match/types.ts) that vouches for their
 * options, the line is checked without option objects or module parses.
 * That is nearly every line of a kube-proxy file. Any doubt, and the line
 * is read in full instead, with nothing reported here.
 */
import type { ParseContext, QuickCheck, QuickOptions } from "../match/types.js";
import type { TargetCall } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import {
	headerBit,
	headerValue,
	listedName,
	moduleAt,
} from "./canonical-parts.js";
import { checkedCommand } from "./finish-rule.js";
import {
	charAt,
	hasValue,
	isBang,
	isOptionWord,
	isValueWord,
	valueAt,
	word,
	wordColumn,
	wordLength,
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

	name(index: number): string {
		return this.#names[index] as string;
	}

	inverted(index: number): boolean {
		return this.#inverted[index] === 1;
	}

	argCount(index: number): number {
		return this.#argCount[index] as number;
	}

	arg(index: number): string {
		return this.#argCount[index] === 0 ? "" : word(this.#firstArg[index] ?? 0);
	}

	/** False when there is no room left. */
	add(name: string, inverted: boolean, first: number, count: number): boolean {
		const at = this.count;
		if (at === maxOptions) return false;
		this.#names[at] = name;
		this.#inverted[at] = inverted ? 1 : 0;
		this.#firstArg[at] = first;
		this.#argCount[at] = count;
		this.count = at + 1;
		return true;
	}
}

const options = new WordOptions();

/** The options gathered so far vouched for by `check` (then cleared). */
function vouched(check: QuickCheck, context: ParseContext): boolean {
	const ok = check(options, context);
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
	options.count = 0;
	let context: ParseContext | undefined;
	/** The quick check of the open `-m` group or target (undefined: none). */
	let check: QuickCheck | undefined;
	let names: readonly string[] | undefined;
	let target: string | undefined;
	let targetAt = 0;
	let seen = 0;
	let inverted = false;
	let at = 2;
	while (at < count) {
		if (isBang(at)) {
			if (inverted) return undefined;
			inverted = true;
			at++;
			continue;
		}
		if (!isOptionWord(at)) return undefined;
		const letter = wordLength(at) === 2 ? charAt(at, 1) : 0;
		const bit = headerBit(letter);
		if (bit !== 0) {
			// Header options come first (else the full read decides).
			if ((seen & bit) !== 0 || names !== undefined || target !== undefined)
				return undefined;
			seen |= bit;
			const value = valueAt(at + 1, count);
			if (value === undefined || value.charCodeAt(0) === 45) return undefined;
			if (!headerValue(state, letter, value, inverted)) return undefined;
			inverted = false;
			at += 2;
			continue;
		}
		if (letter === 109 || letter === 106 || letter === 103) {
			// -m, -j, -g: the open group is complete.
			if (inverted || !hasValue(at + 1, count) || target !== undefined)
				return undefined;
			context ??= parseContextOf(state, scope);
			if (check !== undefined && !vouched(check, context)) return undefined;
			if (letter === 109) {
				const module = moduleAt(at + 1, scope);
				check = module?.quickCheck;
				names = module?.optionNames;
				if (check === undefined) return undefined;
			} else {
				// Its module is looked up once it has options (most have none).
				target = word(at + 1);
				targetAt = at + 1;
				check = undefined;
				names = undefined;
			}
			at += 2;
			continue;
		}
		if (target !== undefined && names === undefined) {
			const module = findTargetModule(target);
			check = module?.quickCheck;
			names = module?.optionNames ?? [];
		}
		// --option [ARG...]: one the open group's module lists.
		const name = listedName(names, at);
		if (name === undefined || charAt(at, 1) !== 45) return undefined;
		const first = at + 1;
		if (first < count && isBang(first)) return undefined;
		let next = first;
		while (next < count && isValueWord(next)) next++;
		if (!options.add(name, inverted, first, next - first)) return undefined;
		inverted = false;
		at = next;
	}
	if (inverted) return undefined;
	context ??= parseContextOf(state, scope);
	if (target === undefined)
		return check === undefined || vouched(check, context)
			? checkedCommand(state, 1)
			: undefined;
	const kind = quietTargetKind(target, charAt(targetAt - 1, 1) === 103, scope);
	if (kind === "extension" && names === undefined)
		check = findTargetModule(target)?.quickCheck;
	if (!targetVouched(kind, check, context)) return undefined;
	return checkedCommand(state, wordColumn(targetAt));
}

/**
 * A target without a problem: a verdict or chain without options, or an
 * extension whose quick check vouches for its options.
 */
function targetVouched(
	kind: TargetCall["kind"] | undefined,
	check: QuickCheck | undefined,
	context: ParseContext,
): boolean {
	if (kind === "extension")
		return check !== undefined && vouched(check, context);
	const ok = kind !== undefined && options.count === 0;
	options.count = 0;
	return ok;
}
