/** `ipset save` output: `create NAME TYPE ...` and `add NAME ELEM [nomatch]`. */
import type { Diagnostic } from "../diagnostics.js";
import type { IpSet, IpSetMember } from "../match/types.js";
import { DiagnosticSink, splitWords } from "./host-diagnostics.js";

/**
 * Reads the sets and their members. Elements are kept as text (the ipset
 * match interprets them); options such as `timeout` after an element are
 * ignored. Never throws.
 */
export function parseIpsetSave(
	text: string,
	source = "ipset",
): { sets: Map<string, IpSet>; diagnostics: Diagnostic[] } {
	const sink = new DiagnosticSink(source);
	const types = new Map<string, string>();
	const families = new Map<string, "ipv4" | "ipv6">();
	const members = new Map<string, IpSetMember[]>();
	text.split(/\r?\n/).forEach((line, i) => {
		const words = splitWords(line);
		const [command, name, arg] = words;
		if (!command || command.text.startsWith("#")) return;
		if (!name || !arg) {
			sink.add(
				"warning",
				"ipset-short-line",
				`'${command.text}' needs a set name and a value`,
				i + 1,
				command.column,
				line.trim().length,
			);
			return;
		}
		if (command.text === "create" || command.text === "-N") {
			types.set(name.text, arg.text);
			members.set(name.text, []);
			const family = setFamily(
				arg.text,
				words.map((w) => w.text),
			);
			if (family !== undefined) families.set(name.text, family);
		} else if (command.text === "add" || command.text === "-A") {
			const list = members.get(name.text);
			if (!list) {
				sink.add(
					"warning",
					"ipset-unknown-set",
					`set '${name.text}' was not created before this line`,
					i + 1,
					name.column,
					name.text.length,
				);
				return;
			}
			list.push({
				text: arg.text,
				nomatch: words.slice(3).some((w) => w.text === "nomatch"),
			});
		} else {
			sink.add(
				"info",
				"ipset-ignored",
				`ignoring '${command.text}'`,
				i + 1,
				command.column,
				command.text.length,
			);
		}
	});
	const sets = new Map<string, IpSet>();
	for (const [name, type] of types) {
		const family = families.get(name);
		sets.set(name, {
			name,
			type,
			...(family === undefined ? {} : { family }),
			members: members.get(name) ?? [],
		});
	}
	return { sets, diagnostics: sink.list };
}

/**
 * A set's address family: `family inet6` (or `inet`) after the type, else
 * inet for a type with an address dimension (ip_set_create's default);
 * none for the others (bitmap:port, hash:mac, list:set).
 */
function setFamily(
	type: string,
	words: readonly string[],
): "ipv4" | "ipv6" | undefined {
	const dims = (type.split(":")[1] ?? "").split(",");
	if (!dims.some((d) => d === "ip" || d === "net")) return undefined;
	const at = words.indexOf("family");
	return words[at + 1] === "inet6" && at !== -1 ? "ipv6" : "ipv4";
}
