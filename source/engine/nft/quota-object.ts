/**
 * Quota objects (`quota name { over 100 bytes used 0 bytes }`) in one
 * shape whichever form they were read from: nft's JSON attributes `bytes`,
 * `used` (both in bytes) and `inv` (true for `over`).
 */

const quotaUnits: Readonly<Record<string, number>> = {
	bytes: 1,
	kbytes: 1024,
	mbytes: 1024 ** 2,
	gbytes: 1024 ** 3,
};

/** A text body's words (`[over|until] N UNIT [used N UNIT]`) as JSON attributes. */
export function quotaAttributes(
	words: readonly string[],
): Record<string, string> {
	const rest = [...words];
	const inv = rest[0] === "over";
	if (rest[0] === "over" || rest[0] === "until") rest.shift();
	const amount = (at: number) =>
		Number(rest[at] ?? 0) * (quotaUnits[rest[at + 1] ?? "bytes"] ?? 1);
	const usedAt = rest.indexOf("used");
	return {
		bytes: String(amount(0)),
		used: String(usedAt < 0 ? 0 : amount(usedAt + 1)),
		inv: String(inv),
	};
}

/** The body line nft prints for a quota object. */
export function quotaLine(
	attributes: Readonly<Record<string, string>>,
): string {
	const used = Number(attributes["used"] ?? 0);
	return `${attributes["inv"] === "true" ? "over " : ""}${attributes["bytes"] ?? 0} bytes${used > 0 ? ` used ${used} bytes` : ""}`;
}
