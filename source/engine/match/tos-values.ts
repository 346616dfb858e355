/**
 * TOS and DSCP spellings shared by the tos/dscp matches and the TOS/DSCP
 * targets (libxt_tos_helper.c, libxt_dscp_helper.c).
 */
import { parseValueMask, type ValueMask } from "./option-values.js";

/** RFC 1349 names iptables accepts for `--tos`/`--set-tos`. */
export const tosNames: Readonly<Record<string, number>> = {
	"minimize-delay": 0x10,
	"maximize-throughput": 0x08,
	"maximize-reliability": 0x04,
	"minimize-cost": 0x02,
	"normal-service": 0x00,
};

/**
 * `value[/mask]` or a name. A name (or a bare number) gets `nameMask`: 0x3f for
 * the match and `--set-tos` (revision 1), the classic TOS bits.
 */
export function parseTos(
	text: string,
	nameMask: number,
	numberMask = 0xff,
): ValueMask | undefined {
	const named = tosNames[text.toLowerCase()];
	if (named !== undefined) return { value: named, mask: nameMask };
	const parsed = parseValueMask(text, 0xff);
	if (parsed === undefined) return undefined;
	return text.includes("/")
		? parsed
		: { value: parsed.value, mask: numberMask };
}

/** DiffServ class names (`--dscp-class`, `--set-dscp-class`) → DSCP value. */
export const dscpClasses: Readonly<Record<string, number>> = {
	CS0: 0x00,
	CS1: 0x08,
	CS2: 0x10,
	CS3: 0x18,
	CS4: 0x20,
	CS5: 0x28,
	CS6: 0x30,
	CS7: 0x38,
	BE: 0x00,
	AF11: 0x0a,
	AF12: 0x0c,
	AF13: 0x0e,
	AF21: 0x12,
	AF22: 0x14,
	AF23: 0x16,
	AF31: 0x1a,
	AF32: 0x1c,
	AF33: 0x1e,
	AF41: 0x22,
	AF42: 0x24,
	AF43: 0x26,
	EF: 0x2e,
};

export function parseDscpClass(text: string): number | undefined {
	return dscpClasses[text.toUpperCase()];
}

export function hex(value: number): string {
	return `0x${(value >>> 0).toString(16).padStart(2, "0")}`;
}
