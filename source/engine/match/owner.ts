/**
 * `-m owner` (xt_owner.c): the socket of a locally generated packet. Valid in
 * OUTPUT and POSTROUTING only. Without a socket (forwarded or received
 * packets) it matches only if every option used is inverted. User and group
 * names are kept but evaluate to `unknown`: iptables resolves them on the
 * host that loads the rule, and iptables-save always prints numbers.
 */
import type { RawOption } from "../model/ruleset.js";
import {
	allOf,
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

type IdTest = {
	readonly min?: number;
	readonly max?: number;
	/** A user/group name the engine cannot resolve. */
	readonly name?: string;
	readonly invert: boolean;
};

export type OwnerData = {
	readonly uid?: IdTest;
	readonly gid?: IdTest;
	readonly socketExists?: { readonly invert: boolean };
	readonly supplGroups: boolean;
};

const specs: OptionSpecs = {
	"--uid-owner": { arity: 1, invert: true },
	"--gid-owner": { arity: 1, invert: true },
	"--socket-exists": { arity: 0, invert: true },
	"--suppl-groups": { arity: 0 },
};

function parseId(option: RawOption): IdTest {
	const text = option.args[0] ?? "";
	const range = /^(\d+)(?:-(\d+))?$/.exec(text);
	if (range === null) return { name: text, invert: option.invert };
	const min = Number(range[1]);
	return {
		min,
		max: range[2] === undefined ? min : Number(range[2]),
		invert: option.invert,
	};
}

function testId(
	what: string,
	test: IdTest | undefined,
	value: number | undefined,
): MatchOutcome {
	if (test === undefined) return matched;
	if (test.name !== undefined)
		return unknownOutcome(`${what} name "${test.name}" not resolved`);
	if (value === undefined) return unknownOutcome(`socket ${what} not known`);
	const { min = 0, max = 0 } = test;
	return check(
		value >= min && value <= max,
		test.invert,
		`${what} ${value} not ${min === max ? min : `${min}-${max}`}`,
	);
}

/**
 * owner_mt (xt_owner.c): without a socket the match holds only when every
 * option used is inverted; with the kernel's own control socket (no file)
 * `--socket-exists` holds and uid/gid tests hold only when inverted; with a
 * process's socket the ids are compared (unknown when the owner is not known).
 */
function evaluate(data: OwnerData, context: MatchContext): MatchOutcome {
	const { meta } = context;
	const socket =
		context.inInterface !== ""
			? "none"
			: (meta.socket ?? (meta.uid !== undefined ? "file" : "none"));
	if (socket === "none") {
		const plain = [data.uid, data.gid, data.socketExists].some(
			(t) => t !== undefined && !t.invert,
		);
		return plain ? noMatch("packet has no local socket") : matched;
	}
	if (data.socketExists?.invert) return noMatch("a socket exists");
	if (socket === "kernel") {
		const plain = [data.uid, data.gid].some(
			(t) => t !== undefined && !t.invert,
		);
		return plain ? noMatch("the kernel's own socket has no owner") : matched;
	}
	const gid = testId("gid", data.gid, meta.gid);
	const suppl =
		data.supplGroups && gid.result === "no-match" && !data.gid?.invert
			? unknownOutcome("supplementary groups not known")
			: gid;
	return allOf([testId("uid", data.uid, meta.uid), suppl]);
}

function describeId(what: string, test: IdTest): string {
	const value =
		test.name ??
		(test.min === test.max ? `${test.min}` : `${test.min}-${test.max}`);
	return `${what} ${test.invert ? "! " : ""}${value}`;
}

export const ownerMatch: MatchModule<OwnerData> = {
	name: "owner",
	required: ["--uid-owner", "--gid-owner", "--socket-exists"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	allowedHooks: ["OUTPUT", "POSTROUTING"],
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: OwnerData = { supplGroups: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (option.name === "--uid-owner" || option.name === "--gid-owner") {
				const test = parseId(option);
				// owner_check refuses a reversed range and the invalid id 2³²−1;
				// libxt_owner reads ids up to 2³²−2.
				if ((test.max ?? 0) < (test.min ?? 0) || (test.max ?? 0) >= 0xffffffff)
					diagnostics.push(
						optionError(
							option,
							`${option.name}: invalid id range "${option.args[0] ?? ""}" (the kernel refuses it)`,
						),
					);
				data = { ...data, [option.name.slice(2, 5)]: test };
			} else if (option.name === "--socket-exists")
				data = { ...data, socketExists: { invert: option.invert } };
			else data = { ...data, supplGroups: true };
		}
		return { data, diagnostics };
	},
	evaluate,
	describe: (data) =>
		[
			"owner",
			...(data.socketExists
				? [`${data.socketExists.invert ? "! " : ""}socket exists`]
				: []),
			...(data.uid ? [describeId("UID match", data.uid)] : []),
			...(data.gid ? [describeId("GID match", data.gid)] : []),
			...(data.supplGroups ? ["incl. suppl. groups"] : []),
		].join(" "),
};
