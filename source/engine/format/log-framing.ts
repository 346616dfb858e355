/**
 * What syslog and dmesg put around a kernel line, read and written:
 * `Jul 25 03:54:35 maddog kernel: ` (/var/log/messages, kern.log, journalctl),
 * `2024-07-25T03:54:35.123456+00:00 host kernel: ` (RFC 3339 rsyslog), and the
 * printk stamp `[  136.645542] `.
 */

const months = [
	"Jan",
	"Feb",
	"Mar",
	"Apr",
	"May",
	"Jun",
	"Jul",
	"Aug",
	"Sep",
	"Oct",
	"Nov",
	"Dec",
] as const;

/** Days before each month in a non-leap year. */
const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

const bsdStamp =
	/^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) \S+ kernel: /;
const isoStamp =
	/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) \S+ kernel: /;

export type LogFraming = {
	/** Index where the kernel's own text starts (the prefix, or `IN=`). */
	readonly start: number;
	/**
	 * Seconds: the dmesg uptime when present; else for a BSD syslog stamp the
	 * seconds since 1 January 00:00 UTC of a non-leap year (the stamp has no
	 * year or zone); else for an RFC 3339 stamp seconds since the Unix epoch.
	 */
	readonly time?: number;
	/**
	 * The syslog stamp alone, read as `time` reads it, even when a dmesg
	 * stamp follows: the wall clock the log itself gives the line.
	 */
	readonly stamp?: number;
};

function bsdSeconds(match: RegExpExecArray): number | undefined {
	const month = months.indexOf(match[1] as (typeof months)[number]);
	if (month === -1) return undefined;
	const day = Number(match[2]);
	const clock =
		Number(match[3]) * 3600 + Number(match[4]) * 60 + Number(match[5]);
	return ((daysBefore[month] ?? 0) + day - 1) * 86400 + clock;
}

/** Two ASCII digits at `at` as a number, or NaN. */
function twoDigits(line: string, at: number): number {
	const a = line.charCodeAt(at) - 48;
	const b = line.charCodeAt(at + 1) - 48;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/**
 * `bsdStamp` read by hand (every line of a syslog file has one): the
 * length of the stamp and its seconds (undefined for an unknown month), or
 * undefined when it is not one. A host name with a character outside
 * printable ASCII goes to the regex, which knows what `\S` takes.
 */
function quickBsdStamp(
	line: string,
): { readonly length: number; readonly time: number | undefined } | undefined {
	const lower = (at: number) => {
		const c = line.charCodeAt(at);
		return c >= 97 && c <= 122;
	};
	if (!lower(1) || !lower(2) || line.charCodeAt(3) !== 32) return undefined;
	let at = line.charCodeAt(4) === 32 ? 5 : 4;
	let day = line.charCodeAt(at) - 48;
	if (!(day >= 0 && day <= 9)) return undefined;
	const next = line.charCodeAt(++at) - 48;
	if (next >= 0 && next <= 9) {
		day = day * 10 + next;
		at++;
	}
	if (line.charCodeAt(at) !== 32) return undefined;
	const hours = twoDigits(line, at + 1);
	const minutes = twoDigits(line, at + 4);
	const seconds = twoDigits(line, at + 7);
	if (
		Number.isNaN(hours + minutes + seconds) ||
		line.charCodeAt(at + 3) !== 58 ||
		line.charCodeAt(at + 6) !== 58 ||
		line.charCodeAt(at + 9) !== 32
	)
		return undefined;
	const host = at + 10;
	let end = host;
	for (let c = line.charCodeAt(end); c !== 32; c = line.charCodeAt(++end))
		if (!(c > 32 && c < 127)) return slowBsdStamp(line);
	if (end === host || !line.startsWith(" kernel: ", end)) return undefined;
	const month = months.indexOf(line.slice(0, 3) as (typeof months)[number]);
	const time =
		month === -1
			? undefined
			: ((daysBefore[month] ?? 0) + day - 1) * 86400 +
				hours * 3600 +
				minutes * 60 +
				seconds;
	return { length: end + 9, time };
}

function slowBsdStamp(
	line: string,
): { readonly length: number; readonly time: number | undefined } | undefined {
	const match = bsdStamp.exec(line);
	return match
		? { length: match[0].length, time: bsdSeconds(match) }
		: undefined;
}

/** The index after the ASCII digits from `at`. */
function afterDigits(line: string, at: number): number {
	let end = at;
	for (let c = line.charCodeAt(end); c >= 48 && c <= 57; )
		c = line.charCodeAt(++end);
	return end;
}

/**
 * dmesg's stamp `[ *(\d+\.\d+)\] ` at `start` read by hand: the index after
 * it and its seconds, or undefined. The stamp must end within the 32
 * characters from `start`.
 */
function quickDmesgStamp(
	line: string,
	start: number,
): { readonly end: number; readonly time: number } | undefined {
	let at = start + 1;
	while (line.charCodeAt(at) === 32) at++;
	const number = at;
	at = afterDigits(line, at);
	if (at === number || line.charCodeAt(at) !== 46) return undefined;
	const fraction = at + 1;
	at = afterDigits(line, fraction);
	if (at === fraction) return undefined;
	const numberEnd = at;
	if (line.charCodeAt(at) !== 93 || line.charCodeAt(at + 1) !== 32)
		return undefined;
	if (at + 2 - start > 32) return undefined;
	return { end: at + 2, time: Number(line.slice(number, numberEnd)) };
}

/** Splits the framing off a line; lines without framing give `{start: 0}`. */
export function splitLogFraming(line: string): LogFraming {
	let start = 0;
	let time: number | undefined;
	const first = line.charCodeAt(0);
	if (first >= 65 && first <= 90) {
		const stamp = quickBsdStamp(line);
		if (stamp) {
			start = stamp.length;
			time = stamp.time;
		}
	} else if (first >= 48 && first <= 57) {
		const match = isoStamp.exec(line);
		if (match?.[1]) {
			start = match[0].length;
			const ms = Date.parse(match[1]);
			if (!Number.isNaN(ms)) time = ms / 1000;
		}
	}
	// The syslog stamp, before a dmesg stamp takes `time` over.
	const stamp = time;
	if (line.charCodeAt(start) === 91) {
		const dmesg = quickDmesgStamp(line, start);
		if (dmesg) {
			start = dmesg.end;
			time = dmesg.time;
		}
	}
	if (time === undefined) return { start };
	return stamp === undefined ? { start, time } : { start, time, stamp };
}

function pad2(value: number): string {
	return String(value).padStart(2, "0");
}

/**
 * A line as a traditional rsyslog setup writes it to /var/log/messages:
 * `Jul 25 03:54:35 maddog kernel: <line>`. `time` is seconds since the Unix
 * epoch, rendered in UTC (day padded with a space, as syslog does). With
 * `year`, a `time` below one year counts from 1 January of that year, which
 * is how `parseLogPacket` reads BSD stamps. The line is kept verbatim,
 * trailing space included.
 */
export function formatMessagesLine(
	line: string,
	options: {
		readonly time: number;
		readonly hostname: string;
		readonly year?: number;
	},
): string {
	let seconds = Math.floor(options.time);
	if (options.year !== undefined && seconds < 366 * 86400) {
		// The stamp counted a non-leap year: from 1 March on, a leap year has one day more.
		const leap = new Date(Date.UTC(options.year, 1, 29)).getUTCDate() === 29;
		seconds +=
			Date.UTC(options.year, 0, 1) / 1000 +
			(leap && seconds >= 59 * 86400 ? 86400 : 0);
	}
	const date = new Date(seconds * 1000);
	const month = months[date.getUTCMonth()] ?? "Jan";
	const day = String(date.getUTCDate()).padStart(2, " ");
	const clock = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
	return `${month} ${day} ${clock} ${options.hostname} kernel: ${line}`;
}

/** `[  136.645542] line`: dmesg's uptime stamp, seconds padded to width 5. */
export function formatDmesgLine(line: string, seconds: number): string {
	const micros = Math.round(Math.max(0, seconds) * 1e6);
	const whole = Math.floor(micros / 1e6);
	const fraction = String(micros % 1e6).padStart(6, "0");
	return `[${String(whole).padStart(5, " ")}.${fraction}] ${line}`;
}
