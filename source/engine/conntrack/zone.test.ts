/**
 * Conntrack zones as nf_conntrack_core keys them: the zone id goes into the
 * hash with the tuple, so one tuple is two connections in two zones, and a
 * zone limited to one direction files the other direction's tuple in zone 0.
 */
import { describe, expect, test } from "vitest";
import { ip } from "../../../test/helpers/packets.js";
import { ConntrackDraft, emptyConntrackTable } from "./table.js";
import type { ConntrackEntry, Tuple } from "./types.js";
import { type CtZone, resolveTemplateZone, zoneIdIn } from "./zone.js";

const original: Tuple = {
	src: ip("10.0.0.1"),
	dst: ip("10.0.0.2"),
	protocol: 17,
	sport: 1000,
	dport: 53,
};
const reply: Tuple = {
	...original,
	src: original.dst,
	dst: original.src,
	sport: 53,
	dport: 1000,
};

function connection(id: number, zone: CtZone): ConntrackEntry {
	return {
		id,
		original,
		reply,
		status: 0,
		mark: 0,
		expires: 100,
		created: 0,
		...zone,
	};
}

function tableWith(...entries: ConntrackEntry[]): ConntrackDraft {
	const draft = new ConntrackDraft(emptyConntrackTable());
	for (const entry of entries) draft.insert(entry);
	return draft;
}

describe("conntrack zones", () => {
	test("one tuple is two connections in two zones", () => {
		const draft = tableWith(
			connection(1, { zone: 0 }),
			connection(2, { zone: 3 }),
		);
		expect(draft.find(original, 1)?.entry.id).toBe(1);
		expect(draft.find(original, 1, { zone: 3 })?.entry.id).toBe(2);
		expect(draft.find(reply, 1, { zone: 3 })).toMatchObject({
			direction: "reply",
		});
		expect(draft.find(original, 1, { zone: 4 })).toBeUndefined();
	});

	test.each([
		// zone, packet's zone, tuple, found?
		[
			{ zone: 5, zoneDirection: "original" },
			{ zone: 5, zoneDirection: "original" },
			original,
			true,
		],
		[{ zone: 5, zoneDirection: "original" }, { zone: 0 }, reply, true],
		[{ zone: 5, zoneDirection: "original" }, { zone: 0 }, original, false],
		[{ zone: 5, zoneDirection: "original" }, { zone: 5 }, reply, false],
		[{ zone: 5, zoneDirection: "reply" }, { zone: 0 }, original, true],
		[
			{ zone: 5, zoneDirection: "reply" },
			{ zone: 5, zoneDirection: "reply" },
			original,
			true,
		],
		// The second lookup, hashed with the reply direction's zone, finds
		// these (recorded: conntrack-zones-xt, the host's replies in --zone-reply 9).
		[
			{ zone: 5, zoneDirection: "reply" },
			{ zone: 5, zoneDirection: "reply" },
			reply,
			true,
		],
		[{ zone: 5 }, { zone: 5, zoneDirection: "reply" }, reply, true],
		[
			{ zone: 5, zoneDirection: "reply" },
			{ zone: 5, zoneDirection: "original" },
			reply,
			false,
		],
	] as const)(
		"connection in %o, looked up in %o: found %#",
		(zone, lookup, tuple, found) => {
			const draft = tableWith(connection(1, zone));
			expect(draft.find(tuple, 1, lookup) !== undefined).toBe(found);
		},
	);

	test("a NAT tuple is taken only in the asking connection's zone", () => {
		const draft = tableWith(connection(1, { zone: 2 }));
		expect(draft.taken(reply, 1, { zone: 2 })).toBe(true);
		expect(draft.taken(reply, 1)).toBe(false);
	});

	test("removal clears the zoned keys", () => {
		const entry = connection(1, { zone: 7, zoneDirection: "reply" });
		const draft = tableWith(entry);
		draft.remove(entry);
		expect(draft.find(original, 1)).toBeUndefined();
		expect(draft.find(reply, 1, { zone: 7 })).toBeUndefined();
	});

	test("a template zone taken from the mark keeps its low 16 bits", () => {
		expect(resolveTemplateZone({ zone: "mark" }, 0x12345)).toEqual({
			zone: 0x2345,
		});
		expect(resolveTemplateZone(undefined, 9)).toEqual({ zone: 0 });
		expect(zoneIdIn({ zone: 4, zoneDirection: "reply" }, "original")).toBe(0);
	});
});
