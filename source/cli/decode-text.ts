/**
 * File bytes as text. Rulesets are nearly always pure ASCII, which needs no
 * UTF-8 decoding (a 16 MB kube-proxy file decodes twice as fast this way);
 * anything else is decoded as UTF-8, invalid bytes becoming U+FFFD. A
 * byte order mark is kept: iptables-restore reads it as part of the first
 * line (`\uFEFF*filter` is not a table line), so the parser must see it.
 */
import { Buffer, isAscii } from "node:buffer";

export type DecodedText = {
	readonly text: string;
	/** The bytes themselves when they are pure ASCII (the parser scans them). */
	readonly ascii?: Uint8Array;
};

export function decodeBytes(bytes: Uint8Array): DecodedText {
	if (isAscii(bytes))
		return {
			text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
				"latin1",
			),
			ascii: bytes,
		};
	return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

export function decodeText(bytes: Uint8Array): string {
	return decodeBytes(bytes).text;
}
