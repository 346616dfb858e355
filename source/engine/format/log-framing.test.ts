import fc from "fast-check";
import { expect, test } from "vitest";
import { splitLogFraming } from "./log-framing.js";

/** The framing as the regexes alone read it (what the hand-written reader must agree with). */
function byRegex(line: string) {
	const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
	const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
	let start = 0;
	let time: number | undefined;
	const bsd =
		/^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) \S+ kernel: /.exec(
			line,
		);
	if (bsd) {
		start = bsd[0].length;
		const month = months.indexOf(bsd[1] ?? "");
		time =
			month === -1
				? undefined
				: ((daysBefore[month] ?? 0) + Number(bsd[2]) - 1) * 86400 +
					(Number(bsd[3]) * 3600 + Number(bsd[4]) * 60 + Number(bsd[5]));
	}
	const stamp = time;
	const dmesg = /^\[ *(\d+\.\d+)\] /.exec(line.slice(start, start + 32));
	if (dmesg?.[1]) {
		start += dmesg[0].length;
		time = Number(dmesg[1]);
	}
	return { start, time, stamp };
}

const pieces = fc.constantFrom(
	"Dec",
	"Jul",
	"Xyz",
	"dec",
	" ",
	"  ",
	"2",
	"25",
	"123",
	"06:00:00",
	"6:00:00",
	"maddog",
	"h\u00a0st",
	"h\tst",
	"hôst",
	"kernel: ",
	" kernel: ",
	"kernel:",
	"[",
	"]",
	"] ",
	"86400.001918",
	"    1.5",
	".",
	"1234567890123456789012345.5",
	"IN=eth0 OUT= ",
);

test("the hand-written stamp readers agree with the regexes", () => {
	const framed = [
		"Dec  2 06:00:00 maddog kernel: [86400.001918] IN=eth0 OUT= ",
		"Jul 25 03:54:35 maddog kernel: [  136.645542] IN=",
		"Jul 25 03:54:35 hôst kernel: IN=",
		"Jul 25 03:54:35 h\u00a0st kernel: IN=",
		"Foo 25 03:54:35 maddog kernel: [1.0] x",
		`[${" ".repeat(20)}123456.789] IN=`,
		`[${" ".repeat(21)}123456.789] IN=`,
	];
	for (const line of framed) {
		const { start, time, stamp } = byRegex(line);
		const got = splitLogFraming(line);
		expect([got.start, got.time, got.stamp]).toEqual([start, time, stamp]);
	}
	fc.assert(
		fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
			const line = parts.join("");
			const { start, time, stamp } = byRegex(line);
			const got = splitLogFraming(line);
			expect([got.start, got.time, got.stamp]).toEqual([start, time, stamp]);
		}),
		{ numRuns: 5000 },
	);
	const shaped = fc
		.tuple(
			fc.constantFrom("Dec", "Jul", "Xyz", "Ja"),
			fc.constantFrom(" ", "  ", "   "),
			fc.constantFrom("2", "25", "123", "x"),
			fc.constantFrom(" 06:00:00 ", " 6:00:00 ", " 06:0a:00 ", "06:00:00 "),
			fc.constantFrom("maddog", "h\u00a0st", "hôst", "", "a b"),
			fc.constantFrom(" kernel: ", " kernel:", "  kernel: "),
			fc.constantFrom("", "[", "[ ", "[    ", "[".padEnd(25)),
			fc.constantFrom("86400.001918", "1.5", "1.", ".5", "12"),
			fc.constantFrom("] IN=", "]IN=", "]  IN=", ""),
		)
		.map((parts) => parts.join(""));
	fc.assert(
		fc.property(shaped, (line) => {
			const { start, time, stamp } = byRegex(line);
			const got = splitLogFraming(line);
			expect([got.start, got.time, got.stamp]).toEqual([start, time, stamp]);
		}),
		{ numRuns: 5000 },
	);
});
