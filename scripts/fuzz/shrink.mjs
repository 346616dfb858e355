/**
 * Shrinks a disagreeing fuzz scenario: drops traffic steps, then rules,
 * then listening servers, in ever smaller chunks, keeping each cut after which the kernel (recorded
 * again) and iptx still disagree. Every try costs one oracle run, so the
 * number of tries is bounded.
 */
import path from "node:path";
import { record, score } from "./oracle.mjs";

/** Whether the scenario, recorded afresh in `folder`, still shows a disagreement. */
function stillDisagrees(repo, folder, scenario) {
	if (record(repo, folder, scenario) !== undefined) return false;
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
	// An IPv6 scenario carries its rules as rules6_text.
	const key = scenario.rules6_text === undefined ? "rules_text" : "rules6_text";
	const lines = scenario[key].split("\n");
	const ruleIndexes = lines.flatMap((line, index) =>
		line.startsWith("-A ") ? [index] : [],
	);
	const withRules = (kept) => {
		const keep = new Set(kept);
		const text = lines
			.filter((line, index) => !line.startsWith("-A ") || keep.has(index))
			.join("\n");
		return { ...withSteps(steps), [key]: text };
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
