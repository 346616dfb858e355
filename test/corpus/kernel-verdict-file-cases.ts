/**
 * Whole files at the edges of iptables-restore's reading, with the verdict
 * iptables-legacy-restore 1.8.9 (and ip6tables-legacy-restore) gave on
 * Linux 6.18 in a fresh network namespace: [name, loads, text].
 */

export type FileCase = readonly [string, boolean, string];

const head = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n";

/** A filter file whose INPUT chain has `line` (after `-A INPUT`). */
function inputFile(line: string): string {
	return `${head}-A INPUT ${line}\nCOMMIT\n`;
}

/** The words after `-A INPUT` of a rule line of `total` words. */
function words(total: number): string {
	const list: string[] = [];
	for (let i = 0; list.length + 4 <= total - 4; i++)
		list.push("-m", "comment", "--comment", `c${i}`);
	while (list.length < total - 4) list.push("-v");
	return `${list.join(" ")} -j ACCEPT`;
}

/** A rule line of exactly `length` bytes, words of 900 bytes at most. */
function lineOf(length: number): string {
	const start = "-A INPUT -j ACCEPT";
	let line = start;
	while (line.length + 22 + 900 < length - 40)
		line += ` -m comment --comment ${"b".repeat(900)}`;
	const rest = length - line.length - 22;
	return `${line} -m comment --comment ${"a".repeat(rest)}`;
}

export const fileVariants: readonly FileCase[] = [
	["UTF-8 byte order mark before *filter", false, `\uFEFF${head}COMMIT\n`],
	["user chain ACCEPT", false, `${head}:ACCEPT - [0:0]\nCOMMIT\n`],
	["user chain DROP", false, `${head}:DROP - [0:0]\nCOMMIT\n`],
	["user chain RETURN", false, `${head}:RETURN - [0:0]\nCOMMIT\n`],
	["user chain QUEUE by -N", false, `${head}-N QUEUE\nCOMMIT\n`],
	[
		"user chain NFQUEUE (a target, not a verdict)",
		true,
		`${head}:NFQUEUE - [0:0]\nCOMMIT\n`,
	],
	["user chain accept (lower case)", true, `${head}:accept - [0:0]\nCOMMIT\n`],
	["251 words in a rule line", true, inputFile(words(251))],
	["252 words in a rule line", false, inputFile(words(252))],
	["a line of 10,239 bytes", true, `${head}${lineOf(10239)}\nCOMMIT\n`],
	[
		"a line of 10,240 bytes (read as two)",
		false,
		`${head}${lineOf(10240)}\nCOMMIT\n`,
	],
	[
		"a word of 1,023 bytes",
		true,
		inputFile(`-m comment --comment ${"a".repeat(1023)} -j ACCEPT`),
	],
	[
		"a word of 1,024 bytes",
		false,
		inputFile(`-m comment --comment ${"a".repeat(1024)} -j ACCEPT`),
	],
	[
		"a quoted word of 1,024 bytes",
		false,
		inputFile(`-m comment --comment "${"a".repeat(1024)}" -j ACCEPT`),
	],
];
