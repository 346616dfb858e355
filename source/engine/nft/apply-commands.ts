/**
 * Applies a batch of nft commands in order, as nft's evaluator and then the
 * kernel do with one transaction: each command sees what the commands before
 * it created. Gives the resulting ruleset and what a load would refuse.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Problem } from "../parse/diagnostic-sink.js";
import {
	keepRulesLater,
	keptElementsSet,
	readElementsNow,
	readKeptBefore,
} from "./apply-later.js";
import { applyRemoval } from "./apply-removals.js";
import { applyScoped } from "./apply-scoped.js";
import type { BatchPlace, BatchTime } from "./chain-graph.js";
import { resolveChainHeader, resolvePriority } from "./chain-header.js";
import type { NftCommand, NftTableRef } from "./commands.js";
import { addToIndex, indexElements } from "./element-index.js";
import { elementTypeProblem } from "./element-types.js";
import {
	type NftKernelFeature,
	type NftLoadOptions,
	newestNftRelease,
} from "./load-options.js";
import {
	newTableState,
	objectKey,
	type TableState,
	tableKey,
} from "./load-state.js";
import type { NftExpr, NftOrigin, NftRule, NftSet } from "./model.js";
import {
	evaluateRule,
	type RuleContext,
	substituteVariables,
	verdictTargets,
} from "./rule-evaluate.js";

const enoent = "Could not process rule: No such file or directory";

export class BatchLoader {
	readonly tables = new Map<string, TableState>();
	readonly defines = new Map<string, NftExpr>();
	readonly options: NftLoadOptions;
	readonly report: (problem: Problem) => void;
	/** A diagnostic made by a reader (a body read later). */
	readonly reportDiagnostic: (diagnostic: Diagnostic) => void;
	private readonly interfaces: ReadonlySet<string> | undefined;
	private readonly kernelLacks: ReadonlySet<NftKernelFeature>;
	/** Each rule's and map element's position in the batch (the commit checks name the first that fails). */
	private readonly batchPlaces = new WeakMap<NftRule | NftExpr, BatchPlace>();
	private nextPosition = 0;
	readonly batchTime: BatchTime = (item) => this.batchPlaces.get(item);

	constructor(
		options: NftLoadOptions,
		report: (problem: Problem) => void,
		reportDiagnostic: (diagnostic: Diagnostic) => void = () => {},
	) {
		this.options = options;
		this.report = report;
		this.reportDiagnostic = reportDiagnostic;
		this.interfaces = options.interfaces
			? new Set(options.interfaces)
			: undefined;
		this.kernelLacks = new Set(options.kernelLacks ?? []);
	}

	fatal(at: NftOrigin, code: string, message: string, length = 1): void {
		this.report({
			severity: "error",
			code,
			message,
			line: at.line,
			column: at.column,
			length,
			fatal: true,
		});
	}

	/** The table a command names, or undefined after reporting it missing. */
	table(ref: NftTableRef, at: NftOrigin): TableState | undefined {
		const state = this.tables.get(tableKey(ref.family, ref.table));
		if (!state)
			this.fatal(
				at,
				"unknown-table",
				`${enoent} (table ${ref.family} ${ref.table} does not exist)`,
			);
		return state;
	}

	private readonly contexts = new WeakMap<TableState, RuleContext>();

	/** The checks' view of one table (one per table: a rule costs no allocation). */
	ruleContext(ref: NftTableRef, state: TableState): RuleContext {
		const known = this.contexts.get(state);
		if (known) return known;
		const context: RuleContext = {
			family: ref.family,
			release: this.options.release ?? newestNftRelease,
			kernelLacks: this.kernelLacks,
			interfaces: this.interfaces,
			variable: (name) => this.defines.get(name),
			hasSet: (name) => state.sets.has(name),
			hasChain: (name) => state.chains.has(name),
			hasFlowtable: (name) => state.flowtables.has(name),
			hasObject: (type, name) => state.objects.has(objectKey(type, name)),
			report: this.report,
		};
		this.contexts.set(state, context);
		return context;
	}

	apply(command: NftCommand): void {
		if (command.kind === "add-rules-later") {
			keepRulesLater(this, command);
			return;
		}
		readKeptBefore(this, command);
		switch (command.kind) {
			case "add-table":
				this.addTable(command);
				return;
			case "add-chain":
				this.addChain(command);
				return;
			case "add-rule":
				this.addRule(command);
				return;
			case "add-set":
				this.addSet(command);
				return;
			case "add-element":
				this.addElements(command);
				return;
			case "add-flowtable":
				this.addFlowtable(command);
				return;
			case "flush":
			case "delete":
			case "destroy":
				applyRemoval(this, command);
				return;
			default:
				applyScoped(this, command);
		}
	}

	private addTable(command: Extract<NftCommand, { kind: "add-table" }>): void {
		const key = tableKey(command.table.family, command.table.name);
		const existing = this.tables.get(key);
		if (existing && command.create)
			this.fatal(
				command.table.origin,
				"exists",
				"Could not process rule: File exists",
			);
		else if (existing)
			existing.table = {
				...existing.table,
				...command.table,
				origin: existing.table.origin,
			};
		else this.tables.set(key, newTableState(command.table));
	}

	private addChain(command: Extract<NftCommand, { kind: "add-chain" }>): void {
		const state = this.table(command, command.chain.origin);
		if (!state) return;
		const existing = state.chains.get(command.chain.name);
		if (existing && command.create) {
			this.fatal(
				command.chain.origin,
				"exists",
				"Could not process rule: File exists",
			);
			return;
		}
		const base = resolveChainHeader(
			{
				family: command.family,
				release: this.options.release ?? newestNftRelease,
				origin: command.chain.origin,
				variable: (name) => {
					const value = this.defines.get(name);
					return value?.kind === "value" && typeof value.value === "number"
						? value.value
						: undefined;
				},
				report: this.report,
			},
			command.header,
		);
		// The command's chain is not changed after: shared unless it gains a hook.
		const chain = base ? { ...command.chain, base } : command.chain;
		if (existing)
			existing.chain = { ...existing.chain, ...(base ? { base } : {}) };
		else state.chains.set(chain.name, { chain, rules: [], later: undefined });
	}

	private addRule(command: Extract<NftCommand, { kind: "add-rule" }>): void {
		const state = this.table(command, command.chainOrigin);
		if (!state) return;
		const chain = state.chains.get(command.chain);
		if (!chain) {
			this.fatal(
				command.chainOrigin,
				"unknown-chain",
				`${enoent} (chain '${command.chain}' does not exist)`,
			);
			return;
		}
		const rule = evaluateRule(command.rule, this.ruleContext(command, state));
		this.batchPlaces.set(rule, {
			position: this.nextPosition++,
			at: rule.origin,
		});
		if (command.insert) chain.rules.unshift(rule);
		else chain.rules.push(rule);
	}

	/**
	 * Elements added to a set: variables expand, verdicts must name chains
	 * that exist (`chainExists`: by default, those of the table now), a map
	 * key may not come back with other data.
	 */
	elements(
		ref: NftTableRef,
		state: TableState,
		set: string,
		elements: readonly NftExpr[],
		at: NftOrigin,
		declared: Pick<NftSet, "keyType" | "typeOf">,
		chainExists: (name: string) => boolean = (name) => state.chains.has(name),
	): NftExpr[] {
		const ctx = this.ruleContext(ref, state);
		let index = state.elementIndex.get(set);
		if (!index) {
			index = indexElements(state.sets.get(set)?.elements ?? []);
			state.elementIndex.set(set, index);
		}
		const added: NftExpr[] = [];
		for (const element of elements) {
			const expanded = substituteVariables(element, ctx, at);
			verdictTargets(expanded, (target, where) => {
				if (!chainExists(target))
					this.fatal(
						where ?? at,
						"unknown-chain",
						`${enoent} (chain '${target}' does not exist)`,
					);
			});
			const where =
				expanded.kind === "mapping"
					? expanded.origin
					: expanded.kind === "value"
						? expanded.origin
						: undefined;
			const typeProblem = declared.typeOf
				? undefined
				: elementTypeProblem(expanded, declared.keyType);
			if (typeProblem) {
				this.fatal(
					typeProblem.at ?? at,
					"element-type",
					typeProblem.message,
					typeProblem.length,
				);
				continue;
			}
			const outcome = addToIndex(index, expanded);
			if (outcome === "conflict")
				this.fatal(
					where ?? at,
					"exists",
					"Could not process rule: File exists (the map has this key with other data)",
				);
			else if (outcome === "new") {
				added.push(expanded);
				// nft reports an element's error at the command that adds it.
				this.batchPlaces.set(expanded, { position: this.nextPosition++, at });
			}
		}
		return added;
	}

	private addSet(command: Extract<NftCommand, { kind: "add-set" }>): void {
		const state = this.table(command, command.set.origin);
		if (!state) return;
		const existing = state.sets.get(command.set.name);
		if (existing && command.create) {
			this.fatal(
				command.set.origin,
				"exists",
				"Could not process rule: File exists",
			);
			return;
		}
		if (!existing) state.elementIndex.delete(command.set.name);
		if (!existing && command.elementsLater) {
			state.sets.set(
				command.set.name,
				keptElementsSet(this, command, state, command.elementsLater),
			);
			return;
		}
		const elements = this.elements(
			command,
			state,
			command.set.name,
			command.elementsLater
				? readElementsNow(this, command.elementsLater)
				: command.set.elements,
			command.set.origin,
			command.set,
		);
		state.sets.set(command.set.name, {
			...command.set,
			elements: [...(existing?.elements ?? []), ...elements],
		});
	}

	private addElements(
		command: Extract<NftCommand, { kind: "add-element" }>,
	): void {
		const state = this.table(command, command.origin);
		if (!state) return;
		const set = state.sets.get(command.set);
		if (!set) {
			this.fatal(
				command.origin,
				"unknown-set",
				`${enoent} (set '${command.set}' does not exist)`,
			);
			return;
		}
		const elements = this.elements(
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

	private addFlowtable(
		command: Extract<NftCommand, { kind: "add-flowtable" }>,
	): void {
		const state = this.table(command, command.flowtable.origin);
		if (!state) return;
		if (this.options.kernelLacks?.includes("flowtable")) {
			this.fatal(
				command.flowtable.origin,
				"kernel-lacks",
				`${enoent} (this kernel has no flowtables: CONFIG_NF_FLOW_TABLE)`,
			);
			return;
		}
		const ctx = {
			family: command.family,
			release: this.options.release ?? newestNftRelease,
			origin: command.flowtable.origin,
			variable: () => undefined,
			report: this.report,
		};
		const priority = command.priority
			? resolvePriority(ctx, command.flowtable.hook, command.priority)
			: 0;
		const priorityText = command.priority?.name;
		state.flowtables.set(command.flowtable.name, {
			...command.flowtable,
			priority: priority ?? 0,
			...(priorityText ? { priorityText } : {}),
		});
	}
}
