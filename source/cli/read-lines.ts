/**
 * Reads a stream of text line by line without holding more than one chunk
 * and one line at a time, so a 1 GB /var/log/messages streams through in
 * bounded memory. Lines come in batches (one per chunk read) so that the
 * caller can work synchronously between awaits.
 */
import { StringDecoder } from "node:string_decoder";

/** A line longer than the bound: its text is dropped, only its length is kept. */
export type LineTooLong = {
	readonly kind: "too-long";
	/** Length in UTF-16 code units (characters for ASCII). */
	readonly length: number;
};

export type InputLine = string | LineTooLong;

/**
 * The stream's lines (without the `\n`), in batches. A last line without a
 * newline counts; a line longer than `maxLineLength` comes as `LineTooLong`.
 * @param maxLineLength longest line kept, in UTF-16 code units. @default 65536
 */
export async function* readLineBatches(
	stream: AsyncIterable<Buffer | string>,
	maxLineLength = 65_536,
): AsyncGenerator<InputLine[]> {
	const decoder = new StringDecoder("utf8");
	const line = new PartialLine(maxLineLength);
	for await (const chunk of stream) {
		const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
		const batch: InputLine[] = [];
		let start = 0;
		for (
			let end = text.indexOf("\n");
			end !== -1;
			end = text.indexOf("\n", start)
		) {
			line.add(text, start, end);
			batch.push(line.take());
			start = end + 1;
		}
		line.add(text, start, text.length);
		if (batch.length > 0) yield batch;
	}
	const rest = decoder.end();
	line.add(rest, 0, rest.length);
	if (line.length > 0) yield [line.take()];
}

/** The line being read across chunks; past the bound it only counts. */
class PartialLine {
	private text = "";
	length = 0;
	private readonly max: number;

	constructor(max: number) {
		this.max = max;
	}

	add(source: string, start: number, end: number): void {
		if (end <= start) return;
		this.length += end - start;
		if (this.length <= this.max) {
			const piece = source.slice(start, end);
			this.text = this.text === "" ? piece : this.text + piece;
		} else {
			this.text = "";
		}
	}

	take(): InputLine {
		const line: InputLine =
			this.length > this.max
				? { kind: "too-long", length: this.length }
				: this.text;
		this.text = "";
		this.length = 0;
		return line;
	}
}
