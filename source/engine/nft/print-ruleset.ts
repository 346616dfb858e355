/**
 * A ruleset back to nft text, laid out as `nft list ruleset` (with `-a`,
 * `handles: true`) lays it out: per table its objects, sets and maps,
 * flowtables, then chains, each block separated by an empty line; named set
 * elements wrapped as nft's calculate_delim wraps them.
 */
import { priorityName } from "./hooks.js";
import type {
	NftChain,
	NftExpr,
	NftFlowtable,
	NftObject,
	NftRuleset,
	NftSet,
	NftTable,
} from "./model.js";
import { printExpr } from "./print-expr.js";
import { printRule } from "./print-stmt.js";
import { quotaLine } from "./quota-object.js";

export type NftPrintOptions = {
	/** Append `# handle N` as `nft -a` does. @default false */
	readonly handles?: boolean;
};

const newline = ",\n\t\t\t     ";
const fiveAPerLine = new Set([
	"nf_proto",
	"integer",
	"arp_op",
	"inet_proto",
	"inet_service",
	"tcp_flag",
	"dccp_pkttype",
	"mark",
	"iface_index",
	"classid",
	"uid",
	"gid",
	"ct_dir",
]);
const twoPerLine = new Set(["ipv4_addr", "ct_state", "ct_status", "pkt_type"]);

/** How many elements nft prints per line for a named set's key type. */
function perLine(keyType: string): number {
	if (fiveAPerLine.has(keyType)) return 5;
	if (twoPerLine.has(keyType)) return 2;
	return 1;
}

/** One element of a named set or map (`10.0.0.1`, `"docker0" : jump x`). */
export function printElement(element: NftExpr, set: NftSet): string {
	if (element.kind !== "mapping") return printExpr(element, set.keyType);
	const data = set.dataType === "verdict" ? "" : (set.dataType ?? "");
	return `${printExpr(element.key, set.keyType)} : ${printExpr(element.data, data)}`;
}

function printElements(set: NftSet): string {
	const per = set.isMap ? 1 : perLine(set.keyType);
	let text = "";
	set.elements.forEach((element, i) => {
		if (i > 0) text += i % per === 0 ? newline : ", ";
		text += printElement(element, set);
	});
	return `{ ${text} }`;
}

function suffix(handle: number | undefined, options: NftPrintOptions): string {
	return options.handles && handle !== undefined ? ` # handle ${handle}` : "";
}

function printSet(set: NftSet, options: NftPrintOptions): string[] {
	const lines = [
		`\t${set.isMap ? "map" : "set"} ${set.name} {${suffix(set.handle, options)}`,
	];
	const type = set.typeOf ? "typeof" : "type";
	lines.push(
		`\t\t${type} ${set.keyType}${set.isMap ? ` : ${set.dataType ?? ""}` : ""}`,
	);
	if (set.policy !== undefined) lines.push(`\t\tpolicy ${set.policy}`);
	if (set.size !== undefined) lines.push(`\t\tsize ${set.size}`);
	if (set.flags.length > 0) lines.push(`\t\tflags ${set.flags.join(",")}`);
	if (set.timeout !== undefined) lines.push(`\t\ttimeout ${set.timeout}`);
	if (set.gcInterval !== undefined)
		lines.push(`\t\tgc-interval ${set.gcInterval}`);
	if (set.autoMerge) lines.push("\t\tauto-merge");
	if (set.counter) lines.push("\t\tcounter");
	if (set.comment !== undefined) lines.push(`\t\tcomment "${set.comment}"`);
	if (set.elements.length > 0)
		lines.push(`\t\telements = ${printElements(set)}`);
	lines.push("\t}");
	return lines;
}

function printPriority(
	table: NftTable,
	hook: string,
	value: number,
	text: string | undefined,
): string {
	return text ?? priorityName(table.family, hook, value) ?? String(value);
}

function printChain(
	table: NftTable,
	chain: NftChain,
	options: NftPrintOptions,
): string[] {
	const lines = [`\tchain ${chain.name} {${suffix(chain.handle, options)}`];
	if (chain.comment !== undefined) lines.push(`\t\tcomment "${chain.comment}"`);
	const base = chain.base;
	if (base) {
		const devices =
			base.devices === undefined
				? ""
				: base.devices.length === 1
					? ` device "${base.devices[0]}"`
					: ` devices = { ${base.devices.map((d) => `"${d}"`).join(", ")} }`;
		const priority = printPriority(
			table,
			base.hook,
			base.priority,
			base.priorityText,
		);
		lines.push(
			`\t\ttype ${base.type} hook ${base.hook}${devices} priority ${priority}; policy ${base.policy ?? "accept"};`,
		);
	}
	for (const rule of chain.rules)
		lines.push(`\t\t${printRule(rule, options.handles)}`);
	lines.push("\t}");
	return lines;
}

function printFlowtable(
	table: NftTable,
	flowtable: NftFlowtable,
	options: NftPrintOptions,
): string[] {
	const priority = printPriority(
		table,
		flowtable.hook,
		flowtable.priority,
		flowtable.priorityText,
	);
	const lines = [
		`\tflowtable ${flowtable.name} {${suffix(flowtable.handle, options)}`,
		`\t\thook ${flowtable.hook} priority ${priority}`,
	];
	if (flowtable.devices.length > 0)
		lines.push(`\t\tdevices = { ${flowtable.devices.join(", ")} }`);
	if (flowtable.flags && flowtable.flags.length > 0)
		lines.push(`\t\tflags ${flowtable.flags.join(",")}`);
	if (flowtable.counter) lines.push("\t\tcounter");
	lines.push("\t}");
	return lines;
}

function printObject(object: NftObject, options: NftPrintOptions): string[] {
	const body =
		object.type === "quota" && "bytes" in object.attributes
			? [`\t\t${quotaLine(object.attributes)}`]
			: Object.entries(object.attributes).map(
					([key, value]) =>
						`\t\t${key} ${key === "type" && object.type === "ct helper" ? `"${value}"` : value}`,
				);
	return [
		`\t${object.type} ${object.name} {${suffix(object.handle, options)}`,
		...body,
		"\t}",
	];
}

/** One table block. */
export function printNftTable(
	table: NftTable,
	options: NftPrintOptions = {},
): string {
	const blocks: string[][] = [
		...table.objects.map((o) => printObject(o, options)),
		...table.sets.map((s) => printSet(s, options)),
		...table.flowtables.map((f) => printFlowtable(table, f, options)),
		...table.chains.map((c) => printChain(table, c, options)),
	];
	const head = [
		`table ${table.family} ${table.name} {${suffix(table.handle, options)}`,
	];
	if (table.flags && table.flags.length > 0)
		head.push(`\tflags ${table.flags.join(",")}`);
	if (table.comment !== undefined) head.push(`\tcomment "${table.comment}"`);
	const body = blocks.map((b) => b.join("\n")).join("\n\n");
	return `${head.join("\n")}\n${body}${body ? "\n" : ""}}`;
}

/** The whole ruleset, as `nft list ruleset` prints it. */
export function printNftRuleset(
	ruleset: NftRuleset,
	options: NftPrintOptions = {},
): string {
	return ruleset.tables.map((t) => `${printNftTable(t, options)}\n`).join("");
}
