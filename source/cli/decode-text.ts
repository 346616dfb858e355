/**
 * File bytes as text. Rulesets are nearly always pure ASCII, which needs no
 * UTF-8 decoding (a 16 MB kube-proxy file decodes twice as fast this way);
 * anything else is decoded as UTF-8, invalid bytes becoming U+FFFD.
 */
import { Buffer, isAscii } from "node:buffer";

export function decodeText(bytes: Uint8Array): string {
	if (isAscii(bytes))
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
			"latin1",
		);
	return new TextDecoder("utf-8").decode(bytes);
}
