/**
 * Conntrack entries leave the table when their timeout passes (the kernel's
 * gc_worker), and the cost and size stay bounded by the live connections.
 */
import { describe, expect, test } from "vitest";
import { ip, tcpPacket } from "../../../test/helpers/packets.js";
import { tcpFlag } from "../model/packet.js";
import {
	conntrackEntries,
	type EngineState,
} from "../traverse/engine-state.js";
import { classify } from "./classify.js";
import {
	ConntrackDraft,
	type ConntrackTable,
	emptyConntrackTable,
} from "./table.js";
import type { ConntrackEntry } from "./types.js";

const { SYN, ACK, FIN } = tcpFlag;

function entry(id: number, expires: number, sport = 1000 + id): ConntrackEntry {
	const original = {
		src: ip("10.0.0.1"),
		dst: ip("10.0.0.2"),
		protocol: 17,
		sport,
		dport: 53,
	};
	const reply = {
		...original,
		src: original.dst,
		dst: original.src,
		sport: 53,
		dport: sport,
	};
	return {
		id,
		original,
		reply,
		status: 0,
		mark: 0,
		expires,
		created: 0,
		zone: 0,
	};
}

/** The table after `change` and an expiry pass at `now`. */
function at(
	table: ConntrackTable,
	now: number,
	change?: (d: ConntrackDraft) => void,
) {
	const draft = new ConntrackDraft(table);
	draft.expire(now);
	change?.(draft);
	return draft.commit();
}

describe("conntrack expiry", () => {
	test("an entry lives until its timeout and goes at it (nf_ct_is_expired: timeout - now <= 0)", () => {
		const table = at(emptyConntrackTable(), 0, (d) => d.insert(entry(1, 30)));
		expect(at(table, 29.999).entries.size).toBe(1);
		expect(at(table, 30).entries.size).toBe(0);
		expect(at(table, 30).index.size).toBe(0);
		// The older state is untouched.
		expect(table.entries.size).toBe(1);
	});

	test.each([
		["extended", 150, [29, 149], [150]],
		["shortened", 20, [19], [20, 30]],
	])("a %s timeout moves the deadline", (_, expires, alive, gone) => {
		let table = at(emptyConntrackTable(), 0, (d) => d.insert(entry(1, 30)));
		table = at(table, 10, (d) => d.update(entry(1, expires)));
		for (const now of alive) expect(at(table, now).entries.size).toBe(1);
		for (const now of gone) expect(at(table, now).entries.size).toBe(0);
	});

	test("a closed TCP connection goes on TIME_WAIT's 120 s, not ESTABLISHED's 5 days", () => {
		const c = (flags: number) =>
			tcpPacket("10.0.2.3", 40000, "10.0.2.15", 22, flags);
		const s = (flags: number) =>
			tcpPacket("10.0.2.15", 22, "10.0.2.3", 40000, flags);
		let table = emptyConntrackTable();
		const steps = [
			c(SYN),
			s(SYN | ACK),
			c(ACK),
			c(FIN | ACK),
			s(FIN | ACK),
			c(ACK),
		];
		for (const [time, packet] of steps.entries()) {
			table = at(table, time, (d) => {
				const result = classify(d, packet, time, true);
				if (result.entry && result.unconfirmed) d.insert(result.entry);
			});
		}
		expect(at(table, 5 + 119).entries.size).toBe(1);
		expect(at(table, 5 + 120).entries.size).toBe(0);
	});

	test("the table holds only live connections however many came and went", () => {
		// One 30 s UDP entry every 10 ms for 300 s: 30,000 in all, 3,000 live
		// at a time. The sweep runs by the second, so at most one second's
		// arrivals (100) wait in the table past their timeout.
		let table = emptyConntrackTable();
		let largest = 0;
		let largestLive = 0;
		let largestDue = 0;
		for (let i = 0; i < 30_000; i++) {
			const now = i / 100;
			table = at(table, now, (d) =>
				d.insert(entry(d.allocateId(), now + 30, i)),
			);
			// Listing is O(n): every 50th step is enough to see the plateau.
			if (i % 50 === 0) {
				const live = conntrackEntries({ conntrack: table } as EngineState, now);
				largestLive = Math.max(largestLive, live.length);
			}
			largest = Math.max(largest, table.entries.size);
			largestDue = Math.max(largestDue, table.deadlines.due.size);
		}
		// 3,000, or 3,001 where the float sum makes j / 100 + 30 land above i / 100.
		expect(largestLive).toBeGreaterThanOrEqual(3000);
		expect(largestLive).toBeLessThanOrEqual(3001);
		expect(largest).toBeLessThanOrEqual(3001 + 100);
		// Deadlines are filed by the second: 31 seconds ahead at most.
		expect(largestDue).toBeLessThanOrEqual(31);
		expect(table.index.size).toBe(2 * table.entries.size);
	});

	test("an entry past its timeout is dead before the sweep removes it, and stays dead if time runs back", () => {
		let table = at(emptyConntrackTable(), 0, (d) => d.insert(entry(1, 30.5)));
		table = at(table, 30.6);
		expect(conntrackEntries({ conntrack: table } as EngineState)).toEqual([]);
		const draft = new ConntrackDraft(table);
		expect(draft.entry(1, 30.6)).toBeUndefined();
		expect(draft.entry(1, 29)).toBeUndefined();
		expect(draft.isConfirmed(1)).toBe(false);
		expect(at(table, 31).entries.size).toBe(0);
	});
});
