/**
 * Standard output for commands that stream: waits for `drain` when the
 * reader is slower than us (so output never piles up in memory), and stops
 * quietly when the reader has gone (`iptx replay ... | head`).
 */
import { once } from "node:events";
import type { Writable } from "node:stream";

export class Output {
	private readonly stream: Writable;
	private gone = false;

	constructor(stream: Writable) {
		this.stream = stream;
		stream.on("error", (error: NodeJS.ErrnoException) => {
			if (error.code !== "EPIPE") throw error;
			this.gone = true;
			stream.emit("drain");
		});
	}

	/** Writes `text`; false when nobody reads any more. */
	async write(text: string): Promise<boolean> {
		if (this.gone) return false;
		if (!this.stream.write(text)) await once(this.stream, "drain");
		return !this.gone;
	}
}
