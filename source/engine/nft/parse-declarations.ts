/**
 * nft's declarations (`table`, `chain`, `set`/`map`, `flowtable`, stateful
 * objects) read into the commands they stand for. A syntax error inside a
 * block becomes a diagnostic and the reader skips that line, as nft's
 * parser does.
 */
import type { NftCommand, NftTableRef } from "./commands.js";
import { type ElementsLater, skipSetElements } from "./elements-later.js";
import type {
	NftChain,
	NftFamily,
	NftObject,
	NftOrigin,
	NftRule,
} from "./model.js";
import {
	type ChainHeader,
	nameList,
	type PriorityText,
	parseChainLine,
	parseFlowtableLine,
	parseObjectLine,
	parseSetLine,
	type SetBody,
} from "./parse-blocks.js";
import { quotaAttributes } from "./quota-object.js";
import { block } from "./read-block.js";
import { skipRulesBody } from "./rules-later.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";
import type { NftToken } from "./tokenize.js";

const families = new Set<string>([
	"ip",
	"ip6",
	"inet",
	"arp",
	"bridge",
	"netdev",
]);
/** Commands nft accepts inside a block as well as at the top (`define`, `include`). */
const scoped = new Set(["define", "redefine", "undefine", "include"]);
const objectTypes = new Set([
	"counter",
	"quota",
	"limit",
	"secmark",
	"synproxy",
]);

export function tableSpec(c: TokenCursor): NftTableRef {
	const family =
		c.is("{", 1) || c.atEndAfter(1) || !families.has(c.peek().text)
			? "ip"
			: (c.next().text as NftFamily);
	return { family, table: String(c.name().text) };
}

export type Reader = {
	readonly c: TokenCursor;
	readonly out: NftCommand[];
	/** Reads one top-level command (for `define`/`include` inside blocks). */
	readonly scoped: (r: Reader) => void;
	/** Chain bodies of rules alone are kept to be read when first needed. */
	readonly later: boolean;
};

/** The chain a declaration adds (no temporary objects: a kube-proxy ruleset declares 40,000). */
function chainOf(
	name: string,
	origin: NftOrigin,
	handle: number | undefined,
	comment: string | undefined,
): NftChain {
	if (handle === undefined)
		return comment === undefined
			? { name, rules: [], origin }
			: { name, rules: [], origin, comment };
	return comment === undefined
		? { name, rules: [], origin, handle }
		: { name, rules: [], origin, handle, comment };
}

export function chainCommands(
	r: Reader,
	ref: NftTableRef,
	nameToken: NftToken,
	create: boolean,
): NftCommand[] {
	const { c } = r;
	const header: ChainHeader = {};
	const rules: NftRule[] = [];
	const handle = c.handleOn(nameToken.line);
	const later = r.later && c.is("{") ? skipRulesBody(c) : undefined;
	if (!later && c.is("{")) block(c, () => parseChainLine(c, header, rules));
	const name = String(nameToken.text);
	const { family, table } = ref;
	const chain = chainOf(name, c.origin(nameToken), handle, header.comment);
	const commands: NftCommand[] = [
		{ kind: "add-chain", family, table, chain, header, create },
	];
	// One origin for the chain's rules: it is the same place.
	const chainOrigin = c.origin(nameToken);
	if (later)
		commands.push({
			kind: "add-rules-later",
			family,
			table,
			chain: name,
			chainOrigin,
			later,
		});
	for (const rule of rules)
		commands.push({
			kind: "add-rule",
			family: ref.family,
			table: ref.table,
			chain: name,
			chainOrigin,
			rule,
			insert: false,
		});
	return commands;
}

export function setCommand(
	r: Reader,
	ref: NftTableRef,
	nameToken: NftToken,
	isMap: boolean,
	create: boolean,
): NftCommand {
	const { c } = r;
	const body: SetBody = {};
	let elementsLater: ElementsLater | undefined;
	const handle = c.handleOn(nameToken.line);
	block(c, () => {
		// The last `elements =` line wins, kept or read.
		const kept = r.later ? skipSetElements(c) : undefined;
		if (kept) elementsLater = kept;
		else {
			if (c.is("elements")) elementsLater = undefined;
			parseSetLine(c, body, isMap);
		}
	});
	const set = {
		flags: [],
		elements: [],
		keyType: "",
		...body,
		name: String(nameToken.text),
		isMap,
		origin: c.origin(nameToken),
		...(handle === undefined ? {} : { handle }),
	};
	return {
		kind: "add-set",
		...ref,
		set,
		create,
		...(elementsLater ? { elementsLater } : {}),
	};
}

export function flowtableCommand(
	r: Reader,
	ref: NftTableRef,
	nameToken: NftToken,
): NftCommand {
	const { c } = r;
	const body: {
		hook?: string;
		devices?: string[];
		flags?: string[];
		counter?: boolean;
		prio?: PriorityText;
	} = {};
	block(c, () => parseFlowtableLine(c, body), false);
	const { prio, ...rest } = body;
	const flowtable = {
		hook: "",
		priority: 0,
		devices: [],
		...rest,
		name: String(nameToken.text),
		origin: c.origin(nameToken),
	};
	return {
		kind: "add-flowtable",
		...ref,
		flowtable,
		...(prio ? { priority: prio } : {}),
	};
}

export function objectCommand(
	r: Reader,
	ref: NftTableRef,
	type: string,
	nameToken: NftToken,
): NftCommand {
	const read: Record<string, string> = {};
	const lines: string[][] = [];
	if (r.c.is("{")) block(r.c, () => parseObjectLine(r.c, read, lines));
	const quota = type === "quota" ? quotaAttributes(lines[0] ?? []) : undefined;
	const object: NftObject = {
		type,
		name: String(nameToken.text),
		attributes: quota ?? read,
		origin: r.c.origin(nameToken),
	};
	return { kind: "add-object", ...ref, object };
}

/** `ct helper NAME`, `ct timeout NAME`, `counter NAME`...: the object type, or undefined. */
export function objectType(c: TokenCursor): string | undefined {
	if (
		c.is("ct") &&
		["helper", "timeout", "expectation"].includes(c.peek(1).text)
	) {
		c.next();
		return `ct ${c.next().text}`;
	}
	const word = c.peek();
	if (
		word.kind === "word" &&
		objectTypes.has(word.text) &&
		(c.peek(1).kind === "word" || c.peek(1).kind === "quoted")
	) {
		c.next();
		return word.text;
	}
	return undefined;
}

/** A table's declarations, kept apart to be emitted in nft_cmd_expand's order. */
type TableGroups = {
	readonly chains: NftCommand[];
	readonly objects: NftCommand[];
	readonly sets: NftCommand[];
	readonly flowtables: NftCommand[];
	readonly rules: NftCommand[];
	readonly attributes: { flags?: string[]; comment?: string };
};

/** One declaration inside a table block. */
function tableLine(r: Reader, ref: NftTableRef, groups: TableGroups): void {
	const { c } = r;
	const word = c.next();
	if (word.text === "chain") {
		for (const command of chainCommands(r, ref, c.name(), false))
			(command.kind === "add-chain" ? groups.chains : groups.rules).push(
				command,
			);
	} else if (word.text === "set" || word.text === "map")
		groups.sets.push(setCommand(r, ref, c.name(), word.text === "map", false));
	else if (word.text === "flowtable")
		groups.flowtables.push(flowtableCommand(r, ref, c.name()));
	else if (word.text === "flags") groups.attributes.flags = nameList(c);
	else if (word.text === "comment")
		groups.attributes.comment = String(c.name().text);
	else if (scoped.has(word.text)) {
		c.back();
		r.scoped(r);
	} else {
		c.back();
		const type = objectType(c);
		if (!type) throw new NftSyntaxError(word);
		groups.objects.push(objectCommand(r, ref, type, c.name()));
	}
}

/** The declarations inside `table NAME { }`, expanded in nft's order. */
export function tableBlock(
	r: Reader,
	ref: NftTableRef,
	tableToken: NftToken,
	create: boolean,
): void {
	const { c } = r;
	const groups: TableGroups = {
		chains: [],
		objects: [],
		sets: [],
		flowtables: [],
		rules: [],
		attributes: {},
	};
	const handle = c.handleOn(tableToken.line);
	if (c.is("{")) block(c, () => tableLine(r, ref, groups));
	const table = {
		family: ref.family,
		name: ref.table,
		origin: c.origin(tableToken),
		...groups.attributes,
		...(handle === undefined ? {} : { handle }),
	};
	r.out.push({ kind: "add-table", table, create });
	// A loop, not a spread: a kube-proxy table has more rules than a call has arguments.
	for (const group of [
		groups.chains,
		groups.objects,
		groups.sets,
		groups.flowtables,
		groups.rules,
	])
		for (const command of group) r.out.push(command);
}
