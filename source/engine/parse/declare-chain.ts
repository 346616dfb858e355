/**
 * Chain declarations, `:NAME POLICY [p:b]`: the common one (`:NAME - [0:0]`
 * of a new chain) straight from the text's bytes, any other from its words.
 */
import { declareUserChain, setPolicy } from "./chain-commands.js";
import { stopDeferringBeforeDeclaration } from "./deferred-rules.js";
import { fatal, report } from "./diagnostic-sink.js";
import { type Reader, stripCr } from "./line-reader.js";
import { readCounterText, zeroCounters } from "./rule-line.js";

/** Words separated by runs of spaces and tabs, from index `from`. */
function splitWords(line: string, from: number): string[] {
	const words: string[] = [];
	let start = -1;
	for (let i = from; i <= line.length; i++) {
		const c = i === line.length ? 32 : line.charCodeAt(i);
		if (c === 32 || c === 9) {
			if (start !== -1) words.push(line.slice(start, i));
			start = -1;
		} else if (start === -1) start = i;
	}
	return words;
}

/**
 * The words of `:NAME POLICY [p:b]`: as iptables-save writes it (one space
 * between three words) without a word list, else split in general.
 */
function declarationWords(line: string): string[] {
	const first = line.indexOf(" ");
	const second = first === -1 ? -1 : line.indexOf(" ", first + 1);
	if (
		first > 1 &&
		second > first + 1 &&
		second < line.length - 1 &&
		line.indexOf(" ", second + 1) === -1 &&
		line.indexOf("\t") === -1
	)
		return [
			line.slice(1, first),
			line.slice(first + 1, second),
			line.slice(second + 1),
		];
	return splitWords(line, 1);
}

/** The bytes of ` - [0:0]`, the rest of a new user chain's declaration. */
const newChainTail = [32, 45, 32, 91, 48, 58, 48, 93];

/**
 * The common declaration, `:NAME - [0:0]` of a chain not declared before
 * (a kube-proxy file has 40,000), read from the text's bytes without making
 * the line a string. False when declareChain must read the line.
 */
export function declareNewChainAt(
	reader: Reader,
	from: number,
	end: number,
	number: number,
): boolean {
	const { table, source, fastLane } = reader;
	const { bytes } = source;
	if (!table || !fastLane || bytes[from] !== 58) return false;
	const tail = end - newChainTail.length;
	if (tail <= from + 1) return false;
	for (let i = from + 1; i < tail; i++) {
		const code = bytes[i] as number;
		if (code <= 32 || code > 126) return false;
	}
	for (let i = 0; i < newChainTail.length; i++)
		if (bytes[tail + i] !== newChainTail[i]) return false;
	const name = source.text.slice(from + 1, tail);
	if (table.chains.has(name)) return false;
	stopDeferringBeforeDeclaration(table);
	declareUserChain(table, name, number, 2, undefined).counters = zeroCounters;
	return true;
}

export function declareChain(
	reader: Reader,
	raw: string,
	number: number,
): void {
	const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
	const words = declarationWords(line);
	const table = reader.table;
	const { sink } = reader;
	const [name, policy, counters] = words;
	if (raw !== line && words.length < 3) stripCr(reader, raw, number, false);
	if (!table) return;
	if (name === undefined) {
		fatal(sink, "bad-chain-name", "no chain name after `:'", number, 1);
		return;
	}
	if (policy === undefined) {
		fatal(
			sink,
			"bad-policy",
			`iptables-restore: line ${number} policy invalid (write :${name} ACCEPT, DROP or -)`,
			number,
			1,
			line.length,
		);
		return;
	}
	const column = line.indexOf(name) + 1;
	// One lookup: declarations are a third of a kube-proxy file's lines.
	const existing = table.chains.get(name);
	let chain = existing;
	if (policy === "-") {
		if (existing?.builtin) {
			report(sink, {
				severity: "info",
				code: "builtin-without-policy",
				message: `built-in chain ${name} declared with \`-': its policy stays as it was (ACCEPT in a fresh namespace)`,
				line: number,
				column,
				length: name.length,
			});
			existing.line = number;
		} else chain = declareUserChain(table, name, number, column, existing);
	} else if (existing?.builtin)
		setPolicy(table, name, policy, number, column, false);
	else {
		if (!existing)
			chain = declareUserChain(table, name, number, column, undefined);
		setPolicy(table, name, policy, number, column, false);
	}
	if (counters === undefined || !chain) return;
	const parsed = readCounterText(counters);
	if (parsed) chain.counters = parsed;
}
