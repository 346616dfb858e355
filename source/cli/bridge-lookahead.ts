/**
 * Replay learns the bridges' ports from the whole capture before it starts
 * (see engine/traverse/bridge-ports.ts): the kernel knew them from frames,
 * ARP included, that the log never shows. Streaming keeps that with a first
 * pass that remembers only one entry per bridge, MAC and port, so memory
 * stays bounded by the number of addresses, not of lines.
 */
import {
	type BridgePort,
	bridgePortsSeen,
	parseLogPacket,
} from "../engine/index.js";
import type { InputLine } from "./read-lines.js";

/** Collects bridge ports from lines in order; a later frame of a MAC wins. */
export class BridgePortLearner {
	/** `IN=... MAC=...` text of lines already read → the port they showed. */
	private readonly known = new Map<string, BridgePort>();
	private readonly learned = new Map<string, BridgePort>();

	learn(line: InputLine): void {
		if (typeof line !== "string") return;
		const physIn = line.indexOf(" PHYSIN=");
		if (physIn === -1) return;
		const src = line.indexOf(" SRC=", physIn);
		const head = line.slice(line.lastIndexOf("IN=", physIn), src);
		const seen = src === -1 ? undefined : this.known.get(head);
		if (seen !== undefined) {
			this.keep(seen);
			return;
		}
		const parsed = parseLogPacket(line);
		if (!parsed.ok) return;
		for (const port of bridgePortsSeen([parsed.input])) {
			this.known.set(head, port);
			this.keep(port);
		}
	}

	/** The ports in the order the last frame of each showed them. */
	ports(): readonly BridgePort[] {
		return [...this.learned.values()];
	}

	private keep(port: BridgePort): void {
		const key = `${port.bridge}|${port.mac}`;
		this.learned.delete(key);
		this.learned.set(key, port);
	}
}
