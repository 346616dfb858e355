/**
 * The bodies of nft's declarations: a chain (`type .. hook .. priority ..;
 * policy ..;` then rules), a set or map (`type`/`typeof`, `flags`,
 * `elements = { }`), a flowtable and a stateful object.
 */
import type {
	NftExpr,
	NftFlowtable,
	NftRule,
	NftSet,
	NftStmt,
} from "./model.js";
import { parseSetLiteral } from "./parse-expr.js";
import { parseStatement } from "./parse-stmt.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";
import type { NftToken } from "./tokenize.js";

/** A priority as written: a number, a name, `name + N`, `name - N` or `$var`. */
export type PriorityText = {
	readonly name?: string;
	readonly offset: number;
	/** The whole `priority ...` clause, for diagnostics. */
	readonly span: Pick<NftToken, "line" | "column" | "length">;
};

export function parsePriority(c: TokenCursor, keyword: NftToken): PriorityText {
	let name: string | undefined;
	let offset = 0;
	const sign = c.accept("-") ? -1 : 1;
	const first = c.peek();
	if (first.kind === "number") offset = sign * c.number();
	else if (c.accept("$")) name = `$${c.name().text}`;
	else {
		name = c.name().text;
		if (c.is("+") || c.is("-")) {
			const negative = c.next().text === "-";
			offset = (negative ? -1 : 1) * c.number();
		}
	}
	const last = c.peek(-1);
	return {
		...(name === undefined ? {} : { name }),
		offset,
		span: {
			line: keyword.line,
			column: keyword.column,
			length:
				last.line === keyword.line
					? last.column + last.length - keyword.column
					: keyword.length,
		},
	};
}

/** What a chain header says before it is resolved against its family. */
export type ChainHeader = {
	type?: string;
	hook?: string;
	priority?: PriorityText;
	devices?: string[];
	policy?: "accept" | "drop";
	comment?: string;
	typeToken?: NftToken;
};

function deviceList(c: TokenCursor): string[] {
	c.accept("=");
	if (c.is("{")) {
		const set = parseSetLiteral(c);
		return set.kind === "set"
			? set.elements.map((e) => (e.kind === "value" ? String(e.value) : ""))
			: [];
	}
	return [String(c.name().text)];
}

/** `type filter hook input [device X] priority 0;` */
function chainType(
	c: TokenCursor,
	header: ChainHeader,
	typeToken: NftToken,
): void {
	header.typeToken = typeToken;
	header.type = c.name().text;
	c.expect("hook");
	header.hook = c.name().text;
	if (c.accept("device")) header.devices = deviceList(c);
	else if (c.accept("devices")) header.devices = deviceList(c);
	const keyword = c.expect("priority");
	header.priority = parsePriority(c, keyword);
}

/** One line of a chain body: a header clause or a rule. */
export function parseChainLine(
	c: TokenCursor,
	header: ChainHeader,
	rules: NftRule[],
): void {
	const token = c.peek();
	if (c.accept("type")) chainType(c, header, token);
	else if (c.accept("policy")) {
		const policy = c.next();
		if (policy.text !== "accept" && policy.text !== "drop")
			throw new NftSyntaxError(policy);
		header.policy = policy.text;
	} else if ((c.is("device") || c.is("devices")) && !c.is("{", 1)) {
		c.next();
		header.devices = deviceList(c);
	} else if (
		c.is("comment") &&
		c.peek(1).kind === "quoted" &&
		c.atEndAfter(2)
	) {
		c.next();
		header.comment = c.next().text;
	} else rules.push(parseRule(c));
}

/** A rule: statements up to the end of the line, then an optional comment. */
export function parseRule(c: TokenCursor): NftRule {
	const first = c.peek();
	const stmts: NftStmt[] = [];
	let comment: string | undefined;
	while (!c.atEnd()) {
		const parsed = parseStatement(c);
		if (parsed.kind === "comment") comment = parsed.comment;
		else stmts.push(parsed.stmt);
	}
	const line = c.peek(-1).line;
	const handle = c.handleOn(line);
	const note = trailingComment(c.commentOn(line));
	return {
		stmts,
		origin: c.origin(first),
		...(comment === undefined ? {} : { comment }),
		...(handle === undefined ? {} : { handle }),
		...(note === undefined ? {} : { trailingComment: note }),
	};
}

/** `a,b,c` (set flags, flowtable flags). */
export function nameList(c: TokenCursor): string[] {
	const names = [String(c.name().text)];
	while (c.accept(",")) names.push(String(c.name().text));
	return names;
}

/** A rule line's own `#` comment, without nft -a's `# handle N`. */
function trailingComment(comment: string | undefined): string | undefined {
	const text = comment?.replace(/#?\s*handle \d+\s*$/, "").trim();
	return text ? text : undefined;
}

/** Reads a type expression up to the end of the clause (`ipv4_addr . inet_service`). */
function typeText(c: TokenCursor, stopAtColon: boolean): string {
	const words: string[] = [];
	while (!c.atEnd() && !(stopAtColon && c.is(":"))) words.push(c.next().text);
	return words.join(" ").replaceAll(" . ", " . ");
}

export type SetBody = {
	-readonly [K in keyof NftSet]?: NftSet[K];
};

/** One line of a set or map body. */
export function parseSetLine(
	c: TokenCursor,
	set: SetBody,
	isMap: boolean,
): void {
	const token = c.next();
	switch (token.text) {
		case "type":
		case "typeof":
			if (token.text === "typeof") set.typeOf = true;
			set.keyType = typeText(c, isMap);
			if (isMap) {
				c.expect(":");
				set.dataType = typeText(c, false);
			}
			return;
		case "flags":
			set.flags = nameList(c);
			return;
		case "timeout":
		case "gc-interval":
			set[token.text === "timeout" ? "timeout" : "gcInterval"] = c.next().text;
			return;
		case "size":
			set.size = c.number();
			return;
		case "policy":
			set.policy = c.name().text;
			return;
		case "auto-merge":
			set.autoMerge = true;
			return;
		case "counter":
			set.counter = true;
			return;
		case "comment":
			set.comment = c.name().text;
			return;
		case "elements": {
			c.expect("=");
			const literal: NftExpr = parseSetLiteral(c);
			set.elements = literal.kind === "set" ? literal.elements : [];
			return;
		}
		default:
			throw new NftSyntaxError(token);
	}
}

/** One line of a flowtable body. */
export function parseFlowtableLine(
	c: TokenCursor,
	flowtable: { -readonly [K in keyof NftFlowtable]?: NftFlowtable[K] } & {
		prio?: PriorityText;
	},
): void {
	const token = c.next();
	if (token.text === "hook") {
		flowtable.hook = c.name().text;
		const keyword = c.expect("priority");
		flowtable.prio = parsePriority(c, keyword);
	} else if (token.text === "devices") flowtable.devices = deviceList(c);
	else if (token.text === "flags") {
		flowtable.flags = nameList(c);
	} else if (token.text === "counter") flowtable.counter = true;
	else throw new NftSyntaxError(token);
}

/** One line of a stateful object body: `type "ftp" protocol tcp; l3proto ip`. */
export function parseObjectLine(
	c: TokenCursor,
	attributes: Record<string, string>,
	lines?: string[][],
): void {
	const words = [String(c.name().text)];
	while (!c.atEnd()) words.push(String(c.next().text));
	lines?.push(words);
	// `type "ftp" protocol tcp` is key/value pairs; `over 10 mbytes` is not.
	if (words.length % 2 === 0)
		for (let i = 0; i < words.length; i += 2)
			attributes[words[i] as string] = words[i + 1] as string;
	else attributes[words[0] as string] = words.slice(1).join(" ");
}
