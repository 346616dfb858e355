/**
 * Applies a batch of nft commands in order, as nft's evaluator and then the
 * kernel do with one transaction: each command sees what the commands before
 * it created. Gives the resulting ruleset and what a load would refuse.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Problem } from "../parse/diagnostic-sink.js";
import { keepRulesLater, readKeptBefore } from "./apply-later.js";
import { applyRemoval } from "./apply-removals.js";
import { applyScoped } from "./apply-scoped.js";
import { addElements, addSet } from "./apply-sets.js";
import type { BatchPlace, BatchTime } from "./chain-graph.js";
import { resolveChainHeader, resolvePriority } from "./chain-header.js";
import type { NftCommand, NftTableRef } from "./commands.js";
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
import type { NftExpr, NftOrigin, NftRule } from "./model.js";
import { evaluateRule, type RuleContext } from "./rule-evaluate.js";

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

	/** What a command names does not exist: the kernel's ENOENT, as nft prints it. */
	missing(at: NftOrigin, code: string, what: string): void {
		this.fatal(at, code, `${enoent} (${what} does not exist)`);
	}

	/** The table a command names, or undefined after reporting it missing. */
	table(ref: NftTableRef, at: NftOrigin): TableState | undefined {
		const state = this.tables.get(tableKey(ref.family, ref.table));
		if (!state)
			this.missing(at, "unknown-table", `table ${ref.family} ${ref.table}`);
		return state;
	}

	/** Numbers a rule or element in batch order; `at` is where nft reports its error. */
	placeInBatch(item: NftRule | NftExpr, at: NftOrigin): void {
		this.batchPlaces.set(item, { position: this.nextPosition++, at });
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
				addSet(this, command);
				return;
			case "add-element":
				addElements(this, command);
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
			this.missing(
				command.chainOrigin,
				"unknown-chain",
				`chain '${command.chain}'`,
			);
			return;
		}
		const rule = evaluateRule(command.rule, this.ruleContext(command, state));
		this.placeInBatch(rule, rule.origin);
		if (command.insert) chain.rules.unshift(rule);
		else chain.rules.push(rule);
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
