/**
 * nft's declarations (`table`, `chain`, `set`/`map`, `flowtable`, stateful
 * objects) read into the commands they stand for. A syntax error inside a
 * block becomes a diagnostic and the reader skips that line, as nft's
 * parser does.
 */
import type { NftCommand, NftTableRef } from "./commands.js";
import type { NftFamily, NftObject, NftRule } from "./model.js";
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

/** Lines of every block that end without a separator (nft's grammar): a set's `elements = { }`. */
const unseparated = new Set(["elements", "auto-merge"]);

/**
 * Runs `body` for each line between `{` and `}`; errors skip one line. In
 * nft's grammar (1.0.6 and since) a chain's, a table's and a set's lines
 * each end with a newline or `;`: `chain c { jump d }` is a syntax error at
 * the `}`, `chain c { jump d; }` is not. Flowtable blocks are not held to it.
 */
export function block(
	c: TokenCursor,
	body: () => void,
	separated = true,
): void {
	c.expect("{");
	for (;;) {
		c.skipNewlines();
		if (c.accept("}")) return;
		if (c.peek().kind === "eof") throw new NftSyntaxError(c.peek());
		const start = c.peek();
		guarded(c, () => {
			body();
			if (!c.atEnd()) throw new NftSyntaxError(c.peek());
			if (separated && c.is("}") && !unseparated.has(start.text))
				throw new NftSyntaxError(c.peek());
		});
	}
}

export function guarded(c: TokenCursor, run: () => void): void {
	try {
		run();
	} catch (error) {
		if (!(error instanceof NftSyntaxError)) throw error;
		c.unexpected(error.token);
		c.recover();
	}
}

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
};

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
	if (c.is("{")) block(c, () => parseChainLine(c, header, rules));
	const name = String(nameToken.text);
	const chain = {
		name,
		rules: [],
		origin: c.origin(nameToken),
		...(handle === undefined ? {} : { handle }),
		...(header.comment === undefined ? {} : { comment: header.comment }),
	};
	const commands: NftCommand[] = [
		{ kind: "add-chain", ...ref, chain, header, create },
	];
	// One origin for the chain's rules: it is the same place.
	const chainOrigin = c.origin(nameToken);
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
	const handle = c.handleOn(nameToken.line);
	block(c, () => parseSetLine(c, body, isMap));
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
	return { kind: "add-set", ...ref, set, create };
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
			(command.kind === "add-rule" ? groups.rules : groups.chains).push(
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
