/**
 * Shrinks a disagreeing fuzz scenario: drops traffic steps, then rules
 * (iptables and nft alike),
 * then listening servers, in ever smaller chunks, keeping each cut after which the kernel (recorded
 * again) and iptx still disagree. Every try costs one oracle run, so the
 * number of tries is bounded.
 */
import path from "node:path";
import { record, recordingFlaws, score } from "./oracle.mjs";

/** The inline rulesets a scenario may carry. */
const rulesetKeys = ["rules_text", "rules6_text", "nft_text"];

/**
 * Whether a line of a ruleset is one rule: `-A ...` in iptables-save text;
 * in nft text a line inside a chain (two tabs deep) other than a chain's
 * `type ...` or a set's `type`/`flags`/`elements` line.
 */
function isRuleLine(key, line) {
	if (key !== "nft_text") return line.startsWith("-A ");
	return (
		line.startsWith("\t\t") &&
		!/^\t\t(type|flags|elements|timeout|size|policy) /.test(line)
	);
}

/** Whether the scenario, recorded afresh in `folder`, still shows a disagreement. */
function stillDisagrees(repo, folder, scenario) {
	if (record(repo, folder, scenario) !== undefined) return false;
	// Another namespace's packets are noise, not the disagreement being shrunk.
	if (recordingFlaws(path.join(folder, "kernel.json")) !== undefined)
		return false;
	const verdict = score(repo, path.join(folder, "kernel.json"), 0);
	return verdict.total > 0 && verdict.agree < verdict.total;
}

/** Removes chunks of `items` (halving the chunk size) while `fails(kept)` holds. */
function reduce(items, fails, budget) {
	let kept = items;
	for (
		let size = Math.ceil(kept.length / 2);
		size >= 1 && budget.left > 0;
		size = Math.floor(size / 2)
	) {
		for (let start = 0; start < kept.length && budget.left > 0; ) {
			const candidate = [...kept.slice(0, start), ...kept.slice(start + size)];
			budget.left--;
			if (candidate.length < kept.length && fails(candidate)) kept = candidate;
			else start += size;
		}
		if (size === 1) break;
	}
	return kept;
}

/** The smallest scenario found within `tries` oracle runs; left recorded in `folder`. */
export function shrinkScenario(repo, folder, scenario, tries) {
	const budget = { left: tries };
	let listens = scenario.steps.filter((s) => "listen" in s);
	const traffic = scenario.steps.filter((s) => !("listen" in s));
	const withSteps = (steps) => ({ ...scenario, steps: [...listens, ...steps] });
	const steps = reduce(
		traffic,
		(kept) => stillDisagrees(repo, folder, withSteps(kept)),
		budget,
	);
	// Rule lines of every ruleset the scenario carries, as [key, line index].
	const texts = Object.fromEntries(
		rulesetKeys
			.filter((key) => scenario[key] !== undefined)
			.map((key) => [key, scenario[key].split("\n")]),
	);
	const ruleIndexes = Object.entries(texts).flatMap(([key, lines]) =>
		lines.flatMap((line, index) =>
			isRuleLine(key, line) ? [`${key}:${index}`] : [],
		),
	);
	const withRules = (kept) => {
		const keep = new Set(kept);
		const rulesets = Object.fromEntries(
			Object.entries(texts).map(([key, lines]) => [
				key,
				lines
					.filter(
						(line, index) =>
							!isRuleLine(key, line) || keep.has(`${key}:${index}`),
					)
					.join("\n"),
			]),
		);
		return { ...withSteps(steps), ...rulesets };
	};
	const rules = reduce(
		ruleIndexes,
		(kept) => stillDisagrees(repo, folder, withRules(kept)),
		budget,
	);
	// Last the servers: those no remaining exchange talks to go too.
	listens = reduce(
		listens,
		(kept) => {
			const before = listens;
			listens = kept;
			const fails = stillDisagrees(repo, folder, withRules(rules));
			listens = before;
			return fails;
		},
		budget,
	);
	const smallest = withRules(rules);
	// Leave the folder holding the smallest scenario's own recording.
	stillDisagrees(repo, folder, smallest);
	return { scenario: smallest, triesUsed: tries - budget.left };
}
