/**
 * What the kernel checks when a stateful object is added: a `ct helper`
 * object names a conntrack helper the kernel has. Mainline Linux has these
 * (net/netfilter/nf_conntrack_*.c); out-of-tree ones such as OpenWrt's
 * `rtsp` are refused with ENOENT.
 */
import type { Problem } from "../parse/diagnostic-sink.js";
import type { NftObject } from "./model.js";

/** Helper names registered by mainline conntrack helpers. */
export const mainlineHelpers: ReadonlySet<string> = new Set([
	"amanda",
	"ftp",
	"irc",
	"netbios-ns",
	"pptp",
	"RAS",
	"Q.931",
	"sane",
	"sip",
	"snmp",
	"tftp",
]);

/** Quotes removed from an attribute value (`"ftp"` → `ftp`). */
function unquoted(text: string): string {
	return text.replace(/^"(.*)"$/, "$1");
}

/** True when the kernel would take the object; reports why not otherwise. */
export function checkObject(
	object: NftObject,
	report: (problem: Problem) => void,
): boolean {
	if (object.type !== "ct helper") return true;
	const typeText = object.attributes["type"] ?? "";
	const helper = unquoted(typeText.split(" ")[0] ?? "");
	if (mainlineHelpers.has(helper)) return true;
	report({
		severity: "error",
		code: "unknown-helper",
		message: `Could not process rule: No such file or directory (no conntrack helper '${helper}' in mainline Linux)`,
		line: object.origin.line,
		column: object.origin.column,
		length: object.name.length,
		fatal: true,
	});
	return false;
}
