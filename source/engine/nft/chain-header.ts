/**
 * Turns a chain header (`type nat hook output priority dstnat; policy
 * accept;`) into its base hook, with the errors nft and the kernel give:
 * a hook the family lacks, a chain type the family or hook lacks, a
 * priority name not valid here, a netdev chain without a device.
 */

import type { Problem } from "../parse/diagnostic-sink.js";
import { chainTypes, familyHooks, resolvePriorityName } from "./hooks.js";
import { type NftRelease, releaseHas, releaseOf } from "./load-options.js";
import type { NftBaseHook, NftFamily, NftOrigin } from "./model.js";
import type { ChainHeader, PriorityText } from "./parse-blocks.js";

export type HeaderContext = {
	readonly family: NftFamily;
	readonly release: NftRelease;
	readonly origin: NftOrigin;
	/** The value of a `$variable` priority, when defined. */
	readonly variable: (name: string) => number | undefined;
	readonly report: (problem: Problem) => void;
};

function fatal(
	at: { line: number; column: number; length?: number },
	code: string,
	message: string,
): Problem {
	return {
		severity: "error",
		code,
		message,
		line: at.line,
		column: at.column,
		length: at.length ?? 1,
		fatal: true,
	};
}

/** A priority name's value on this hook, reporting what this nft release refuses. */
function namedPriority(
	ctx: HeaderContext,
	hook: string,
	name: string,
	span: PriorityText["span"],
): number | undefined {
	const resolved = resolvePriorityName(ctx.family, hook, name);
	const feature = "nat-priority-names-on-local-hooks";
	if (
		resolved.kind !== "ok" ||
		(resolved.newerOnly && !releaseHas(ctx.release, feature))
	) {
		const message =
			resolved.kind === "unknown-name"
				? `'${name}' is not a valid priority in this context`
				: "invalid priority expression value in this context.";
		ctx.report(fatal(span, "priority-context", message));
		return undefined;
	}
	if (resolved.newerOnly)
		ctx.report({
			severity: "info",
			code: "nft-release",
			message: `'priority ${name}' on the ${hook} hook needs nft ${releaseOf(feature)} or newer (nft 1.0.6 refuses it)`,
			line: span.line,
			column: span.column,
			length: span.length,
		});
	return resolved.value;
}

/** The number a written priority stands for, or undefined after an error. */
export function resolvePriority(
	ctx: HeaderContext,
	hook: string,
	priority: PriorityText,
): number | undefined {
	const { name, offset, span } = priority;
	if (name === undefined) return offset;
	const value = name.startsWith("$")
		? ctx.variable(name.slice(1))
		: namedPriority(ctx, hook, name, span);
	if (value === undefined && name.startsWith("$"))
		ctx.report(
			fatal(span, "unknown-variable", `unknown identifier '${name.slice(1)}'`),
		);
	return value === undefined ? undefined : value + offset;
}

/**
 * What nft's evaluator refuses in a chain header before the kernel sees it:
 * a hook the family lacks, an unknown type, a netdev chain without device.
 */
function headerProblem(
	ctx: HeaderContext,
	header: ChainHeader,
	type: string,
	hook: string,
): Problem | undefined {
	const at = header.typeToken ?? ctx.origin;
	if (!familyHooks[ctx.family].includes(hook))
		return fatal(
			at,
			"unknown-hook",
			`unknown chain hook '${hook}' for the ${ctx.family} family`,
		);
	if (!chainTypes[type])
		return fatal(at, "unknown-chain-type", `unknown chain type '${type}'`);
	const needsDevice =
		ctx.family === "netdev" || hook === "ingress" || hook === "egress";
	if (needsDevice && (header.devices ?? []).length === 0)
		return fatal(
			at,
			"missing-device",
			"Missing `device' in this chain definition",
		);
	return undefined;
}

function priorityText(priority: PriorityText): { priorityText?: string } {
	if (priority.name === undefined) return {};
	const { name, offset } = priority;
	return {
		priorityText:
			offset === 0
				? name
				: `${name} ${offset > 0 ? "+" : "-"} ${Math.abs(offset)}`,
	};
}

/**
 * The base hook of a chain, or undefined for a regular chain (or after an
 * error). nft checks the hook, type and priority; then the kernel refuses a
 * type its family does not register on that hook (EOPNOTSUPP, at the chain).
 */
export function resolveChainHeader(
	ctx: HeaderContext,
	header: ChainHeader,
): NftBaseHook | undefined {
	const { type, hook, priority } = header;
	if (type === undefined || hook === undefined || priority === undefined) {
		if (header.policy !== undefined)
			ctx.report(
				fatal(
					ctx.origin,
					"policy-on-regular-chain",
					"policy is only valid on base chains",
				),
			);
		return undefined;
	}
	const problem = headerProblem(ctx, header, type, hook);
	if (problem) {
		ctx.report(problem);
		return undefined;
	}
	const value = resolvePriority(ctx, hook, priority);
	if (value === undefined) return undefined;
	if (!chainTypes[type]?.[ctx.family]?.includes(hook)) {
		ctx.report(
			fatal(
				ctx.origin,
				"chain-type-hook",
				`Could not process rule: Operation not supported (a ${type} chain cannot hook ${ctx.family} ${hook})`,
			),
		);
		return undefined;
	}
	return {
		type,
		hook,
		priority: value,
		...priorityText(priority),
		...(header.devices ? { devices: header.devices } : {}),
		...(header.policy ? { policy: header.policy } : {}),
	};
}
