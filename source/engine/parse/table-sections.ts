/**
 * Table sections: `*table` opens one (a name iptables-restore knows, once
 * per file), COMMIT closes it, and what comes outside any is refused.
 */
import { type TableName, tableNames } from "../model/ruleset.js";
import { finishTable } from "./committed-table.js";
import { fatal, report } from "./diagnostic-sink.js";
import type { Reader } from "./line-reader.js";
import { createTable } from "./table-state.js";

export function outsideTable(
	reader: Reader,
	line: string,
	number: number,
): void {
	const { sink } = reader;
	const word = line.trim().split(/[ \t]/)[0] ?? "";
	if (word === "COMMIT")
		fatal(
			sink,
			"commit-outside-table",
			"COMMIT without a *table line before it",
			number,
			1,
			line.length,
		);
	else if (line.charCodeAt(0) === 45 || line.charCodeAt(0) === 91)
		fatal(
			sink,
			"rule-outside-table",
			"rule before any *table line (iptables-restore: line failed)",
			number,
			1,
			Math.max(1, word.length),
		);
	else if (line.charCodeAt(0) === 58)
		fatal(
			sink,
			"rule-outside-table",
			"chain declaration before any *table line",
			number,
			1,
			Math.max(1, word.length),
		);
	else if (line.charCodeAt(0) === 0xfeff)
		fatal(
			sink,
			"byte-order-mark",
			"the file starts with a UTF-8 byte order mark: iptables-restore reads it as part of the first line; save the file without it",
			number,
			1,
			1,
		);
	else
		fatal(
			sink,
			"garbage",
			`not an iptables-save line: \`${word.slice(0, 40)}'`,
			number,
			1,
			Math.max(1, word.length),
		);
}

export function startTable(reader: Reader, line: string, number: number): void {
	const match = /^\*([^ \t]*)/.exec(line);
	let name = match?.[1] ?? "";
	reader.tableLine = number;
	if (name.endsWith("\r")) {
		reader.crlfLines++;
		const bare = name.slice(0, -1);
		fatal(
			reader.sink,
			"unknown-table",
			`unable to initialize table '${bare}\\r': the line ends with a carriage return (CRLF line endings); convert the file to LF line endings`,
			number,
			2,
			name.length,
		);
		name = bare;
	} else if (!(tableNames as readonly string[]).includes(name)) {
		fatal(
			reader.sink,
			"unknown-table",
			`unable to initialize table '${name}': no such table (tables are ${tableNames.join(", ")})`,
			number,
			2,
			Math.max(1, name.length),
		);
	}
	if (!(tableNames as readonly string[]).includes(name)) {
		reader.table = null;
		return;
	}
	const tableName = name as TableName;
	if (reader.tables.has(tableName)) {
		report(reader.sink, {
			severity: "warning",
			code: "duplicate-table",
			message: `table ${tableName} appears again; iptables-restore replaces the earlier one`,
			line: number,
			column: 2,
			length: name.length,
		});
	}
	reader.table = createTable(tableName, number, reader.family, reader.sink, {
		defer: reader.deferRules,
		fastLane: reader.fastLane,
		source: reader.source,
	});
}

export function commit(reader: Reader): void {
	const table = reader.table;
	reader.table = undefined;
	if (!table) return;
	reader.tables.delete(table.name);
	reader.tables.set(table.name, finishTable(table));
}
