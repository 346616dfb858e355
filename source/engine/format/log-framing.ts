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
const dmesgStamp = /^\[ *(\d+\.\d+)\] /;

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

/** Splits the framing off a line; lines without framing give `{start: 0}`. */
export function splitLogFraming(line: string): LogFraming {
	let start = 0;
	let time: number | undefined;
	const first = line.charCodeAt(0);
	if (first >= 65 && first <= 90) {
		const match = bsdStamp.exec(line);
		if (match) {
			start = match[0].length;
			time = bsdSeconds(match);
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
		const match = dmesgStamp.exec(line.slice(start, start + 32));
		if (match?.[1]) {
			start += match[0].length;
			time = Number(match[1]);
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
