/**
 * `add set|map` and `add element` in a batch: each element is expanded and
 * checked as nft and the kernel check it (its type, the chains its verdicts
 * name, a map key that comes back with other data) before the set holds it.
 */
import type { BatchLoader } from "./apply-commands.js";
import { keptElementsSet, readElementsNow } from "./apply-later.js";
import type { NftCommand, NftTableRef } from "./commands.js";
import { addToIndex, indexElements } from "./element-index.js";
import { elementTypeProblem } from "./element-types.js";
import type { TableState } from "./load-state.js";
import type { NftExpr, NftOrigin, NftSet } from "./model.js";
import { substituteVariables, verdictTargets } from "./rule-evaluate.js";

/** Where nft reports a problem with one element: the element, else its command. */
function elementOrigin(element: NftExpr): NftOrigin | undefined {
	return element.kind === "mapping" || element.kind === "value"
		? element.origin
		: undefined;
}

/** The set's index of the elements it holds, built on first use. */
function indexOf(state: TableState, set: string) {
	let index = state.elementIndex.get(set);
	if (!index) {
		index = indexElements(state.sets.get(set)?.elements ?? []);
		state.elementIndex.set(set, index);
	}
	return index;
}

/**
 * Elements added to a set: variables expand, verdicts must name chains
 * that exist (`chainExists`: by default, those of the table now), a map
 * key may not come back with other data. Gives the elements the set did
 * not hold yet.
 */
export function addSetElements(
	loader: BatchLoader,
	ref: NftTableRef,
	state: TableState,
	set: string,
	elements: readonly NftExpr[],
	at: NftOrigin,
	declared: Pick<NftSet, "keyType" | "typeOf">,
	chainExists: (name: string) => boolean = (name) => state.chains.has(name),
): NftExpr[] {
	const ctx = loader.ruleContext(ref, state);
	const index = indexOf(state, set);
	const added: NftExpr[] = [];
	for (const element of elements) {
		const expanded = substituteVariables(element, ctx, at);
		verdictTargets(expanded, (target, where) => {
			if (!chainExists(target))
				loader.missing(where ?? at, "unknown-chain", `chain '${target}'`);
		});
		const typeProblem = declared.typeOf
			? undefined
			: elementTypeProblem(expanded, declared.keyType);
		if (typeProblem) {
			loader.fatal(
				typeProblem.at ?? at,
				"element-type",
				typeProblem.message,
				typeProblem.length,
			);
			continue;
		}
		const outcome = addToIndex(index, expanded);
		if (outcome === "conflict")
			loader.fatal(
				elementOrigin(expanded) ?? at,
				"exists",
				"Could not process rule: File exists (the map has this key with other data)",
			);
		else if (outcome === "new") {
			added.push(expanded);
			// nft reports an element's error at the command that adds it.
			loader.placeInBatch(expanded, at);
		}
	}
	return added;
}

export function addSet(
	loader: BatchLoader,
	command: Extract<NftCommand, { kind: "add-set" }>,
): void {
	const state = loader.table(command, command.set.origin);
	if (!state) return;
	const existing = state.sets.get(command.set.name);
	if (existing && command.create) {
		loader.fatal(
			command.set.origin,
			"exists",
			"Could not process rule: File exists",
		);
		return;
	}
	if (!existing) state.elementIndex.delete(command.set.name);
	const admit = (
		found: readonly NftExpr[],
		chainExists?: (name: string) => boolean,
	) =>
		addSetElements(
			loader,
			command,
			state,
			command.set.name,
			found,
			command.set.origin,
			command.set,
			chainExists,
		);
	const later = command.elementsLater;
	if (!existing && later) {
		const set = keptElementsSet(loader, command, state, later, admit);
		state.sets.set(command.set.name, set);
		return;
	}
	const elements = admit(
		later ? readElementsNow(loader, later) : command.set.elements,
	);
	state.sets.set(command.set.name, {
		...command.set,
		elements: [...(existing?.elements ?? []), ...elements],
	});
}

export function addElements(
	loader: BatchLoader,
	command: Extract<NftCommand, { kind: "add-element" }>,
): void {
	const state = loader.table(command, command.origin);
	if (!state) return;
	const set = state.sets.get(command.set);
	if (!set) {
		loader.missing(command.origin, "unknown-set", `set '${command.set}'`);
		return;
	}
	const elements = addSetElements(
		loader,
		command,
		state,
		command.set,
		command.elements,
		command.origin,
		set,
	);
	state.sets.set(command.set, {
		...set,
		elements: [...set.elements, ...elements],
	});
}
