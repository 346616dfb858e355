/**
 * Routing table names and ids. `ip` prints a table by its name from
 * /etc/iproute2/rt_tables, which a capture does not include, so a name other
 * than the built-in ones is given a stable id of its own: the same name in
 * `ip rule` and in `ip route show table all` then means the same table.
 */

const builtin: Readonly<Record<string, number>> = {
	unspec: 0,
	default: 253,
	main: 254,
	local: 255,
};

/**
 * The id of a table written as a number or a name; undefined for words that
 * cannot be table names. Custom names map to ids in 0x80000000..0xffffffff
 * (FNV-1a of the name), a range real configurations leave unused.
 */
export function tableIdOf(text: string | number): number | undefined {
	if (typeof text === "number")
		return Number.isInteger(text) && text >= 0 ? text : undefined;
	if (text in builtin) return builtin[text];
	if (/^\d+$/.test(text))
		return Number(text) <= 0xffffffff ? Number(text) : undefined;
	if (/^0x[0-9a-f]+$/i.test(text))
		return Number(text) <= 0xffffffff ? Number(text) : undefined;
	if (!/^[A-Za-z_][\w.-]*$/.test(text)) return undefined;
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
	}
	return (hash | 0x80000000) >>> 0;
}

/** True when the name is not a number or a built-in table: keep it for display. */
export function isCustomTableName(text: string): boolean {
	return !(text in builtin) && !/^(\d+|0x[0-9a-f]+)$/i.test(text);
}
