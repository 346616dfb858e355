import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatIpv4, prefixToMask } from "../net/ipv4.js";
import { parseAddress } from "./parse-header.js";

describe("-s/-d addresses", () => {
	const octet = fc.oneof(
		fc.integer({ min: 0, max: 255 }).map(String),
		fc.integer({ min: 0, max: 300 }).map((n) => `0${n}`),
		fc.constantFrom("256", "", "1a"),
	);
	const prefix = fc.oneof(
		fc.integer({ min: 0, max: 32 }).map(String),
		fc.constantFrom("08", "33", "", "255.255.255.0", "255.0.255.0", "1.2"),
	);

	test("property: a network reads as its masked address and keeps the text only when iptables-save would print it so", () => {
		fc.assert(
			fc.property(
				fc.array(octet, { minLength: 3, maxLength: 5 }),
				fc.option(prefix, { nil: undefined }),
				(octets, length) => {
					const host = octets.join(".");
					const text = length === undefined ? host : `${host}/${length}`;
					const result = parseAddress(text, "ipv4", false);
					const numbers = octets.map(Number);
					const valid =
						octets.length === 4 &&
						octets.every((o) => /^(0|[1-9]\d{0,2})$/.test(o)) &&
						numbers.every((n) => n <= 255);
					const bits = /^(0|[1-9]\d?)$/.test(length ?? "32")
						? Number(length ?? "32")
						: undefined;
					if (!valid || bits === undefined || bits > 32) return;
					expect(result.ok).toBe(true);
					if (!result.ok) return;
					const mask = prefixToMask(bits);
					const address = numbers.reduce((sum, n) => sum * 256 + n, 0) >>> 0;
					const masked = (address & mask) >>> 0;
					const printed = `${formatIpv4(masked)}/${bits}`;
					expect(result.value).toEqual({
						family: "ipv4",
						addr: masked,
						mask,
						invert: false,
						text: printed,
					});
				},
			),
			{ numRuns: 3000 },
		);
	});

	test("canonical text is kept as the same string", () => {
		const text = "10.244.2.47/32";
		const result = parseAddress(text, "ipv4", true);
		expect(result).toEqual({
			ok: true,
			value: {
				family: "ipv4",
				addr: 0x0af4022f,
				mask: 0xffffffff,
				invert: true,
				text,
			},
		});
	});

	test("host bits, leading zeros and masks in dotted form are printed anew", () => {
		const text = (input: string) => {
			const result = parseAddress(input, "ipv4", false);
			return result.ok ? result.value.text : result.message;
		};
		expect(text("10.0.0.1/8")).toBe("10.0.0.0/8");
		// Each part and the prefix are read by strtoul base 0 (recorded).
		expect(text("010.0.0.0/8")).toBe("8.0.0.0/8");
		expect(text("10.0.0.0/08")).toBe("invalid mask `08' specified");
		expect(text("10.0.0.0/0x8")).toBe("10.0.0.0/8");
		expect(text("10.1")).toBe("10.1.0.0/32");
		expect(text("10.258")).toBe("10.0.1.2/32");
		expect(text("10.0.0.0/255.0.0.0")).toBe("10.0.0.0/8");
		expect(text("10.0.0.7")).toBe("10.0.0.7/32");
		expect(text("0.0.0.0/0")).toBe("0.0.0.0/0");
		expect(text("10.0.0.0/33")).toBe("invalid mask `33' specified");
	});
});
