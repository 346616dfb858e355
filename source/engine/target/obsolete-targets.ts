/**
 * Targets iptx recognises but does not simulate. Obsolete ones (MIRROR,
 * SAME, CLUSTERIP, ULOG-era, removed from the kernel) get a diagnostic; the
 * others (TEE, SECMARK, CONNSECMARK, ECN, IDLETIMER, LED, HMARK, RATEEST)
 * continue with a note saying what the kernel would do.
 */
import type { OptionSpecs } from "../match/option-values.js";
import { firstColumn } from "../match/option-values.js";
import { keepOptions, type NoteData, noteTarget } from "./target-helpers.js";
import type { TargetModule } from "./types.js";

/** Any option is kept: these targets only annotate. */
const anyOptions = new Proxy(
	{} as Record<string, { arity: [number, number] }>,
	{
		get: () => ({ arity: [0, 8] }),
	},
) as OptionSpecs;

function obsolete(name: string, removed: string): TargetModule<NoteData> {
	return {
		...noteTarget(
			name,
			{},
			() =>
				`${name}: removed from the kernel (${removed}); not modelled, treated as CONTINUE`,
		),
		parse: (options) => {
			const result = keepOptions(options, anyOptions);
			return {
				data: result.data,
				diagnostics: [
					{
						severity: "error",
						code: "obsolete-target",
						message: `${name} was removed from the kernel (${removed}); a current kernel refuses this rule`,
						column: firstColumn(options),
						length: 1,
						fatal: true,
					},
				],
			};
		},
	};
}

function annotated(
	name: string,
	note: string,
	tables?: TargetModule<NoteData>["tables"],
): TargetModule<NoteData> {
	return {
		...noteTarget(name, anyOptions, () => `${name}: ${note}`, tables),
		optionNames: [],
	};
}

/**
 * SECMARK: iptables requires `--selctx`, and the kernel (xt_SECMARK.c)
 * resolves the context through the LSM; without an SELinux policy that
 * resolves it (as on the reference kernel) the rule is refused.
 */
function secmark(): TargetModule<NoteData> {
	const base = annotated(
		"SECMARK",
		"sets the SELinux security mark (not modelled)",
		["mangle", "security"],
	);
	return {
		...base,
		parse: (options, context) => {
			const result = base.parse(options, context);
			const selctx = options.find((o) => o.name === "--selctx");
			return {
				data: result.data,
				diagnostics: [
					...result.diagnostics,
					{
						severity: "error",
						code: "secmark-context",
						message:
							selctx === undefined
								? "SECMARK: --selctx is required"
								: `SECMARK --selctx ${selctx.args[0] ?? ""}: the kernel refuses the rule unless the security module resolves the context (no SELinux policy on the reference kernel)`,
						column: selctx?.column ?? firstColumn(options),
						length: 1,
						fatal: true,
					},
				],
			};
		},
	};
}

/** CONNSECMARK: iptables requires `--save` or `--restore`. */
function connsecmark(): TargetModule<NoteData> {
	const base = annotated(
		"CONNSECMARK",
		"copies the security mark to or from the connection (not modelled)",
		["mangle", "security"],
	);
	return {
		...base,
		needsConntrack: true,
		parse: (options, context) => {
			const result = base.parse(options, context);
			const given = options.some(
				(o) => o.name === "--save" || o.name === "--restore",
			);
			return {
				data: result.data,
				diagnostics: given
					? result.diagnostics
					: [
							...result.diagnostics,
							{
								severity: "error",
								code: "invalid-value",
								message:
									"CONNSECMARK target: parameter required (--save or --restore)",
								column: firstColumn(options),
								length: 1,
								fatal: true,
							},
						],
			};
		},
	};
}

export const otherTargets: readonly TargetModule<NoteData>[] = [
	obsolete("MIRROR", "Linux 2.6.25"),
	obsolete("SAME", "Linux 2.6.25"),
	{ ...obsolete("CLUSTERIP", "Linux 6.6"), needsConntrack: true },
	annotated("TEE", "a copy is sent to the gateway; the original continues"),
	secmark(),
	connsecmark(),
	annotated("ECN", "clears the ECN bits as configured (not modelled)", [
		"mangle",
	]),
	annotated("IDLETIMER", "restarts an idle timer (not modelled)"),
	annotated("LED", "blinks an LED trigger"),
	annotated("HMARK", "sets a hash-based mark (the value is not modelled)"),
	annotated("RATEEST", "feeds a rate estimator (not modelled)"),
];
