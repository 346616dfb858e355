import { expect, test } from "vitest";
import { type InputLine, readLineBatches } from "./read-lines.js";

async function* chunks(...parts: (string | Buffer)[]) {
	yield* parts;
}

async function lines(
	stream: AsyncIterable<Buffer | string>,
	max?: number,
): Promise<InputLine[]> {
	const out: InputLine[] = [];
	for await (const batch of readLineBatches(stream, max)) out.push(...batch);
	return out;
}

test("lines split across chunks, a last line without newline, empty lines kept", async () => {
	expect(await lines(chunks("a\nb", "c\n\nd", "e"))).toEqual([
		"a",
		"bc",
		"",
		"de",
	]);
});

test("a UTF-8 character split between chunks is decoded whole", async () => {
	const bytes = Buffer.from("é\nü\n");
	expect(
		await lines(
			chunks(bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)),
		),
	).toEqual(["é", "ü"]);
});

test("a line over the bound is dropped and only its length kept, even across chunks", async () => {
	expect(await lines(chunks("ok\n12345", "678\nfine\n"), 5)).toEqual([
		"ok",
		{ kind: "too-long", length: 8 },
		"fine",
	]);
});

test("one batch per chunk, so the caller works between reads", async () => {
	const batches: InputLine[][] = [];
	for await (const batch of readLineBatches(chunks("a\nb\n", "c\n")))
		batches.push(batch);
	expect(batches).toEqual([["a", "b"], ["c"]]);
});
