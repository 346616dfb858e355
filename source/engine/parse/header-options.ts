/**
 * The header options' values (`-s`, `-d`, `-p`, `-i`, `-o`, `-f`), `-j`/`-g`,
 * `-m`, `-c` and the family and table options, read into the line's state as
 * iptables' `do_parse` reads them.
 */
import type { InterfaceTest, ProtocolTest } from "../model/ruleset.js";
import { fatal, report } from "./diagnostic-sink.js";
import type { HeaderKey } from "./header-option-table.js";
import {
	type HeaderValue,
	parseAddress,
	parseInterface,
	parseProtocolValue,
} from "./parse-header.js";
import { handleCommand, handleCounters } from "./rule-commands.js";
import { startMatch } from "./rule-options.js";
import {
	isOption,
	type RuleParseState as State,
	takeValue,
} from "./rule-state.js";
import { appended, noItems } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

/**
 * The old `-s ! x` form: iptables 1.8 refuses it (`!` is the value, `x` a
 * bad argument) but the meaning is clear. A `!` that no value follows is
 * the value itself (`-o !` names an interface `!`).
 */
export function takeIntrapositioned(
	state: State,
	name: string,
	token: Token,
): boolean {
	const next = state.tokens[state.index];
	if (next === undefined || next.quoted || next.text !== "!") return false;
	const after = state.tokens[state.index + 1];
	if (
		after === undefined ||
		isOption(after) ||
		(!after.quoted && after.text === "!")
	)
		return false;
	state.index++;
	fatal(
		state.scope.sink,
		"intrapositioned-negation",
		`\`${name} ! X' is the old negation form that iptables 1.8 refuses; write \`! ${name} X'`,
		state.scope.line,
		next.column || token.column,
	);
	return true;
}

export function handleHeader(
	state: State,
	key: HeaderKey,
	name: string,
	attached: string | undefined,
	token: Token,
	invert: boolean,
): void {
	const { sink, line, family } = state.scope;
	switch (key) {
		case "append":
		case "insert":
		case "delete":
		case "replace":
		case "new-chain":
		case "delete-chain":
		case "flush":
		case "zero":
		case "policy":
		case "rename":
			handleCommand(state, key, name, attached, token);
			return;
		case "source":
		case "destination":
		case "protocol":
		case "in-interface":
		case "out-interface": {
			const intra = takeIntrapositioned(state, name, token);
			const value = takeValue(state, attached, name, token.column);
			if (value) headerValue(state, key, value, invert || intra);
			return;
		}
		case "fragment":
			if (family === "ipv6") {
				fatal(
					sink,
					"unknown-option",
					"`-f' is not supported in IPv6, use -m frag instead",
					line,
					token.column,
					token.length,
				);
			}
			state.header.fragment = { invert };
			return;
		case "jump":
		case "goto": {
			const value = takeValue(state, attached, name, token.column);
			if (value && state.target) {
				fatal(
					sink,
					"duplicate-option",
					"multiple -j/-g flags not allowed",
					line,
					token.column,
					token.length,
				);
			}
			if (value && !state.target) {
				state.target = {
					name: value.text,
					column: value.column,
					length: value.length,
					goto: key === "goto",
					options: noItems(),
				};
				state.owner = undefined;
			}
			return;
		}
		case "match": {
			const value = takeValue(state, attached, name, token.column);
			if (value)
				state.matches = appended(
					state.matches,
					startMatch(value.text, token.column, false, state.scope),
				);
			return;
		}
		case "counters":
			handleCounters(state, attached, name, token);
			return;
		case "ipv4":
		case "ipv6":
			if ((key === "ipv4") !== (family === "ipv4")) {
				report(sink, {
					severity: "info",
					code: "other-family",
					message: `${name}: this line is for the other IP family; iptables-restore skips it`,
					line,
					column: token.column,
					length: token.length,
				});
				state.skip = true;
			}
			return;
		case "table":
			fatal(
				sink,
				"table-option",
				`The -t option cannot be used in ${family === "ipv4" ? "iptables" : "ip6tables"}-restore`,
				line,
				token.column,
				token.length,
			);
			takeValue(state, attached, name, token.column);
			return;
		case "ignored":
			return;
		case "not-in-restore":
			fatal(
				sink,
				"not-in-restore",
				`Illegal option \`${name}' with this command (iptables-restore refuses it in a rule line)`,
				line,
				token.column,
				token.length,
			);
			return;
		default:
			assertNever(key);
	}
}

function assertNever(value: never): never {
	throw new Error(`iptx: unexpected header option ${String(value)}`);
}

function headerValue(
	state: State,
	key: "source" | "destination" | "protocol" | "in-interface" | "out-interface",
	value: Token,
	invert: boolean,
): void {
	const { sink, line, family } = state.scope;
	const accept = <T>(result: HeaderValue<T>): T | undefined => {
		if (!result.ok) {
			fatal(
				sink,
				key === "protocol"
					? "bad-protocol"
					: key.endsWith("interface")
						? "bad-interface"
						: "bad-address",
				result.message,
				line,
				value.column,
				value.length,
			);
			return undefined;
		}
		if (result.warning !== undefined) {
			report(sink, {
				severity: "warning",
				code: key.endsWith("interface")
					? "weird-interface"
					: "unresolved-hostname",
				message: result.warning,
				line,
				column: value.column,
				length: value.length,
			});
		}
		return result.value;
	};
	if (key === "source" || key === "destination") {
		let list = key === "source" ? state.sources : state.destinations;
		const text = value.text;
		const parts = text.indexOf(",") === -1 ? [text] : text.split(",");
		for (const part of parts) {
			const address = accept(parseAddress(part, family, invert));
			if (address) list = appended(list, address);
		}
		if (key === "source") state.sources = list;
		else state.destinations = list;
		if (list.length > 1 && invert) {
			fatal(
				sink,
				"bad-address",
				"! not allowed with multiple source or destination IP addresses",
				line,
				value.column,
				value.length,
			);
		}
		return;
	}
	if (key === "protocol") {
		const protocol: ProtocolTest | undefined = accept(
			parseProtocolValue(value.text, invert),
		);
		if (protocol) state.header.protocol = protocol;
		return;
	}
	const iface: InterfaceTest | undefined = accept(
		parseInterface(value.text, invert),
	);
	if (!iface) return;
	if (key === "in-interface") state.header.inInterface = iface;
	else state.header.outInterface = iface;
}
