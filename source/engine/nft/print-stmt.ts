/**
 * nft statements and rules back to text as `nft list ruleset` prints them,
 * for the explorer's panes and for round-trip tests.
 */
import { datatypeOf } from "./expr-type.js";
import type { NftRule, NftStmt } from "./model.js";
import { printExpr } from "./print-expr.js";

function printMatch(stmt: Extract<NftStmt, { kind: "match" }>): string {
	const dtype = datatypeOf(stmt.left);
	const left = printExpr(stmt.left, dtype);
	const right = printExpr(stmt.right, dtype);
	// nft leaves `==` implicit except after a binary operation.
	const implicit =
		stmt.op === "in" || (stmt.op === "==" && stmt.left.kind !== "binop");
	return implicit ? `${left} ${right}` : `${left} ${stmt.op} ${right}`;
}

function printLimit(stmt: Extract<NftStmt, { kind: "limit" }>): string {
	const over = stmt.inv ? "over " : "";
	const rate = stmt.rateUnit
		? `${stmt.rate} ${stmt.rateUnit}/${stmt.per}`
		: `${stmt.rate}/${stmt.per}`;
	const burst =
		stmt.burst === undefined
			? ""
			: ` burst ${stmt.burst} ${stmt.burstUnit ?? (stmt.rateUnit ? "bytes" : "packets")}`;
	return `limit rate ${over}${rate}${burst}`;
}

function printLog(stmt: Extract<NftStmt, { kind: "log" }>): string {
	const parts = ["log"];
	if (stmt.prefix !== undefined) parts.push(`prefix "${stmt.prefix}"`);
	if (stmt.group !== undefined) parts.push(`group ${stmt.group}`);
	if (stmt.snaplen !== undefined) parts.push(`snaplen ${stmt.snaplen}`);
	if (stmt.queueThreshold !== undefined)
		parts.push(`queue-threshold ${stmt.queueThreshold}`);
	if (stmt.level !== undefined && stmt.level !== "warn")
		parts.push(`level ${stmt.level}`);
	if (stmt.flags !== undefined) parts.push(`flags ${stmt.flags.join(",")}`);
	return parts.join(" ");
}

function printNat(stmt: Extract<NftStmt, { kind: "nat" }>): string {
	const parts: string[] = [stmt.nat];
	if (stmt.family) parts.push(stmt.family);
	if (stmt.tuple) parts.push("addr . port");
	const addrType = stmt.family === "ip6" ? "ipv6_addr" : "ipv4_addr";
	const addr = stmt.addr ? printExpr(stmt.addr, addrType) : "";
	const bracket =
		stmt.family === "ip6" && stmt.port && stmt.addr?.kind === "value"
			? `[${addr}]`
			: addr;
	const port = stmt.port ? `:${printExpr(stmt.port, "inet_service")}` : "";
	if (stmt.addr || stmt.port) parts.push(`to ${bracket}${port}`);
	if (stmt.flags && stmt.flags.length > 0) parts.push(stmt.flags.join(","));
	return parts.join(" ");
}

function printReject(stmt: Extract<NftStmt, { kind: "reject" }>): string {
	if (stmt.type === undefined) return "reject";
	if (stmt.type === "tcp reset") return "reject with tcp reset";
	return `reject with ${stmt.type}${stmt.code === undefined ? "" : ` ${stmt.code}`}`;
}

/** One statement. */
export function printStmt(stmt: NftStmt): string {
	switch (stmt.kind) {
		case "match":
			return printMatch(stmt);
		case "verdict":
			return printExpr(stmt.verdict, "");
		case "vmap":
			return `${printExpr(stmt.key, "")} vmap ${printExpr(stmt.data, datatypeOf(stmt.key))}`;
		case "counter":
			if (stmt.name !== undefined) return `counter name "${stmt.name}"`;
			return stmt.packets === undefined
				? "counter"
				: `counter packets ${stmt.packets} bytes ${stmt.bytes ?? 0}`;
		case "limit":
			return printLimit(stmt);
		case "ct-count":
			return `ct count ${stmt.inv ? "over " : ""}${stmt.count}`;
		case "quota": {
			if (stmt.name !== undefined) return `quota name "${stmt.name}"`;
			const used =
				stmt.used === undefined
					? ""
					: ` used ${stmt.used} ${stmt.usedUnit ?? "bytes"}`;
			return `quota ${stmt.inv ? "over " : ""}${stmt.bytes} ${stmt.unit}${used}`;
		}
		case "log":
			return printLog(stmt);
		case "mangle":
			return `${printExpr(stmt.key, "")} set ${printExpr(stmt.value, datatypeOf(stmt.key))}`;
		case "notrack":
			return "notrack";
		case "unreadable":
			return `<${stmt.name}: not read>`;
		case "reject":
			return printReject(stmt);
		case "nat":
			return printNat(stmt);
		case "flow-offload":
			return `flow add @${stmt.flowtable}`;
		case "set-update": {
			const inner = stmt.stmts.map(printStmt).join(" ");
			const data = stmt.data ? ` : ${printExpr(stmt.data, "")}` : "";
			return `${stmt.op} @${stmt.set} { ${printExpr(stmt.key, "")}${data}${inner ? ` ${inner}` : ""} }`;
		}
		case "xt":
			return `xt ${stmt.type} ${stmt.name}`;
		case "queue":
			return [
				"queue",
				...(stmt.flags ?? []),
				...(stmt.num ? [`num ${stmt.num}`] : []),
			].join(" ");
		default:
			return "";
	}
}

/** A rule as one line (without indentation); `handles` adds `# handle N`. */
export function printRule(rule: NftRule, handles = false): string {
	const parts = rule.stmts.map(printStmt);
	if (rule.comment !== undefined) parts.push(`comment "${rule.comment}"`);
	if (rule.trailingComment !== undefined)
		parts.push(`# ${rule.trailingComment}`);
	if (handles && rule.handle !== undefined)
		parts.push(`# handle ${rule.handle}`);
	return parts.join(" ");
}
