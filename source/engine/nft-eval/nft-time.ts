/** nft time values (`5m`, `1h30m`, `300s`, `expires 11s408ms`). */

const timeUnits: Readonly<Record<string, number>> = {
	d: 86400,
	h: 3600,
	m: 60,
	s: 1,
	ms: 0.001,
};

/** Seconds in an nft time (`5m`, `1h30m`, `300s`); undefined: no timeout. */
export function nftSeconds(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	let total = 0;
	for (const [, value, unit] of text.matchAll(/(\d+)(ms|d|h|m|s)/g))
		total += Number(value) * (timeUnits[unit ?? "s"] ?? 1);
	return total;
}
