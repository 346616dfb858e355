/**
 * Rate arithmetic shared by `limit` (xt_limit.c) and `hashlimit`
 * (xt_hashlimit.c): rates as iptables encodes them, and jiffies. The engine
 * models a kernel built with HZ=1000; the real tick rate only changes the
 * rounding of refills (at most one tick, 1-4 ms).
 */

/** Ticks per second of the modelled kernel. */
export const HZ = 1000;

/** Units a rate may use; a unit may be abbreviated (`s`, `sec`, `min`). */
const units = [
	["second", 1],
	["minute", 60],
	["hour", 3600],
	["day", 86400],
] as const;

export type Rate = {
	/** Events per `seconds`. */
	readonly count: number;
	/** Seconds of the unit (1, 60, 3600, 86400). */
	readonly seconds: number;
};

/**
 * `3/hour`, `10/s`, `25` (per second); undefined when malformed or zero.
 * libxt_limit's parse_rate reads the count with atoi, so what follows its
 * digits is ignored (`1:0/min` is 1/min, `5x/sec` 5/sec).
 */
export function parseRate(text: string): Rate | undefined {
	const slash = text.indexOf("/");
	const countText = slash === -1 ? text : text.slice(0, slash);
	const digits = /^[ \t\n\v\f\r]*\+?(\d+)/.exec(countText);
	if (digits === null) return undefined;
	const count = Number(digits[1]);
	if (count === 0 || count > 0xffffffff) return undefined;
	const unitText =
		slash === -1 ? "second" : text.slice(slash + 1).toLowerCase();
	if (unitText === "") return undefined;
	const unit = units.find(([name]) => name.startsWith(unitText));
	return unit === undefined ? undefined : { count, seconds: unit[1] };
}

/** The kernel's `avg`: scale × seconds / count, truncated (0 means too fast). */
export function rateToAvg(rate: Rate, scale: number): number {
	return Math.floor((scale * rate.seconds) / rate.count);
}

/**
 * `avg` back to the text iptables prints (`print_rate` in libxt_limit.c):
 * the largest unit that still gives a whole count.
 */
export function formatAvg(avg: number, scale: number): string {
	const names = ["day", "hour", "min", "sec"];
	const mults = [86400, 3600, 60, 1].map((s) => s * scale);
	let i = 1;
	for (; i < mults.length; i++) {
		const mult = mults[i] ?? 1;
		if (avg > mult || Math.floor(mult / avg) < mult % avg) break;
	}
	return `${Math.floor((mults[i - 1] ?? 1) / avg)}/${names[i - 1]}`;
}

/** Packet time (seconds) as jiffies. */
export function jiffiesAt(time: number): number {
	return Math.floor(time * HZ);
}

/** Largest power of two ≤ n (POW2_BELOW32/64). */
export function pow2Below(n: bigint): bigint {
	let p = 1n;
	while (p * 2n <= n) p *= 2n;
	return p;
}
