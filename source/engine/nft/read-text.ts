/**
 * Reads nft's text syntax (what `nft list ruleset [-a]` prints and `nft -f`
 * reads, `/etc/nftables.conf` included: `flush ruleset`, `define`,
 * `include`, `add ...` commands) into the batch of commands it stands for.
 * Total: a syntax error becomes a diagnostic with line and column, and the
 * reader goes on at the next line, as nft's parser does.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { NftCommand } from "./commands.js";
import type { NftFamily } from "./model.js";
import { parseRule } from "./parse-blocks.js";
import {
	chainCommands,
	flowtableCommand,
	objectCommand,
	objectType,
	type Reader,
	setCommand,
	tableBlock,
	tableSpec,
} from "./parse-declarations.js";
import { parseRhs, parseSetLiteral } from "./parse-expr.js";
import { guarded } from "./read-block.js";
import {
	type GatedSyntax,
	NftSyntaxError,
	TokenCursor,
} from "./token-cursor.js";
import type { NftToken } from "./tokenize.js";

export type NftTextReading = {
	readonly commands: readonly NftCommand[];
	/** Syntax errors, with line and column. */
	readonly diagnostics: readonly Diagnostic[];
	/** Syntax that only some nft releases read. */
	readonly gated: readonly GatedSyntax[];
};

const idleVerbs = new Set([
	"list",
	"reset",
	"monitor",
	"describe",
	"rename",
	"export",
	"import",
	"get",
]);

/** `add rule [family] table chain [position N|handle N|index N] stmts`. */
function ruleCommand(r: Reader, insert: boolean): void {
	const { c } = r;
	const ref = tableSpec(c);
	const chainToken = c.name();
	while (c.is("position") || c.is("handle") || c.is("index")) {
		c.next();
		c.number();
	}
	const rule = parseRule(c);
	r.out.push({
		kind: "add-rule",
		...ref,
		chain: String(chainToken.text),
		chainOrigin: c.origin(chainToken),
		rule,
		insert,
	});
}

function elementCommand(r: Reader): void {
	const { c } = r;
	const start = c.peek();
	const ref = tableSpec(c);
	const set = String(c.name().text);
	const literal = parseSetLiteral(c);
	const elements = literal.kind === "set" ? literal.elements : [];
	r.out.push({
		kind: "add-element",
		...ref,
		set,
		elements,
		origin: c.origin(start),
	});
}

/** The object of `add`/`create`/`insert`/`replace` (or of a bare declaration). */
function addCommand(r: Reader, verb: NftToken, create: boolean): void {
	const { c } = r;
	const word = c.next();
	switch (word.text) {
		case "table":
			tableBlock(r, tableSpec(c), word, create);
			return;
		case "chain": {
			const ref = tableSpec(c);
			for (const command of chainCommands(r, ref, c.name(), create))
				r.out.push(command);
			return;
		}
		case "rule":
			ruleCommand(r, verb.text === "insert");
			return;
		case "set":
		case "map": {
			const ref = tableSpec(c);
			r.out.push(setCommand(r, ref, c.name(), word.text === "map", create));
			return;
		}
		case "element":
			elementCommand(r);
			return;
		case "flowtable": {
			const ref = tableSpec(c);
			r.out.push(flowtableCommand(r, ref, c.name()));
			return;
		}
		default: {
			c.back();
			const type = objectType(c);
			if (!type) throw new NftSyntaxError(word);
			const ref = tableSpec(c);
			r.out.push(objectCommand(r, ref, type, c.name()));
		}
	}
}

/** `flush|delete|destroy WHAT [family] [table [name]] [handle N] [{ elements }]`. */
function removeCommand(r: Reader, verb: "flush" | "delete" | "destroy"): void {
	const { c } = r;
	const what = c.next();
	const origin = c.origin(what);
	if (what.text === "ruleset") {
		const family = c.atEnd() ? undefined : (c.next().text as NftFamily);
		r.out.push({
			kind: verb,
			what: "ruleset",
			origin,
			...(family ? { family } : {}),
		});
		return;
	}
	if (what.text === "ct") c.next();
	const ref = tableSpec(c);
	const name =
		c.atEnd() || c.is("handle") || c.is("{")
			? undefined
			: String(c.name().text);
	const handle = c.accept("handle") ? c.number() : undefined;
	const literal = c.is("{") ? parseSetLiteral(c) : undefined;
	r.out.push({
		kind: verb,
		what: what.text,
		family: ref.family,
		table: ref.table,
		origin,
		...(name === undefined ? {} : { name }),
		...(handle === undefined ? {} : { handle }),
		...(literal?.kind === "set" ? { elements: literal.elements } : {}),
	});
}

/** `define`, `redefine`, `undefine`, `include`, and the verbs that change nothing. */
function scopedCommand(r: Reader, verb: NftToken): void {
	const { c } = r;
	const origin = c.origin(verb);
	if (verb.text === "define" || verb.text === "redefine") {
		const name = String(c.name().text);
		c.expect("=");
		r.out.push({
			kind: "define",
			name,
			value: parseRhs(c),
			redefine: verb.text === "redefine",
			origin,
		});
	} else if (verb.text === "undefine")
		r.out.push({ kind: "undefine", name: String(c.name().text), origin });
	else if (verb.text === "include") {
		const path = c.next();
		if (path.kind !== "quoted") throw new NftSyntaxError(path);
		r.out.push({ kind: "include", path: path.text, origin });
	} else {
		if (!idleVerbs.has(verb.text)) throw new NftSyntaxError(verb);
		while (!c.atEnd()) c.next();
		r.out.push({ kind: "other", verb: verb.text, origin });
	}
}

/** Declarations nft accepts without `add` in front. */
const bareDeclarations = new Set([
	"table",
	"chain",
	"rule",
	"set",
	"map",
	"element",
	"flowtable",
]);

function command(r: Reader): void {
	const { c } = r;
	const verb = c.next();
	if (["add", "insert", "replace", "create"].includes(verb.text))
		addCommand(r, verb, verb.text === "create");
	else if (bareDeclarations.has(verb.text)) {
		c.back();
		addCommand(r, verb, false);
	} else if (
		verb.text === "flush" ||
		verb.text === "delete" ||
		verb.text === "destroy"
	)
		removeCommand(r, verb.text);
	else scopedCommand(r, verb);
}

/**
 * Reads nft text into commands; never throws. `later`: chain bodies of
 * rules alone are kept to be read when first needed (rules-later.ts).
 */
export function readNftText(
	text: string,
	source = "-",
	options: { readonly later?: boolean } = {},
): NftTextReading {
	const c = new TokenCursor(text, source);
	const r: Reader = {
		c,
		out: [],
		scoped: command,
		later: options.later === true,
	};
	for (;;) {
		c.skipNewlines();
		if (c.peek().kind === "eof") break;
		guarded(c, () => {
			command(r);
			if (!c.atEnd() || c.is("}")) throw new NftSyntaxError(c.peek());
		});
	}
	return { commands: r.out, diagnostics: c.diagnostics, gated: c.gated };
}
