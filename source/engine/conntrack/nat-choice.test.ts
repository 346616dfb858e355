import { describe, expect, test } from "vitest";
import type { Packet } from "../model/packet.js";
import {
	followChoice,
	sourcePortChoices,
	withPortChoice,
} from "./nat-choice.js";
import { ConntrackDraft, emptyConntrackTable } from "./table.js";
import { type ConntrackEntry, ctStatus } from "./types.js";

const container = 0xac110002;
const server = 0x0a000203;
const host = 0x0a00020f;

function setup(status = 0) {
	const draft = new ConntrackDraft(emptyConntrackTable());
	const original = {
		src: container,
		dst: server,
		protocol: 17,
		sport: 40001,
		dport: 53,
	};
	// The simulation bound source port 5005; the kernel may have taken another.
	const reply = {
		src: server,
		dst: host,
		protocol: 17,
		sport: 53,
		dport: 5005,
	};
	const entry: ConntrackEntry = {
		id: 1,
		original,
		reply,
		status,
		mark: 0,
		expires: 100,
		created: 0,
		zone: 0,
	};
	const choice = sourcePortChoices(40001, {
		minPort: 5000,
		maxPort: 5010,
		random: false,
		randomFully: false,
		persistent: false,
	});
	draft.insert(withPortChoice(entry, choice));
	return { draft };
}

const replyTo = (dport: number) =>
	({ src: server, dst: host, protocol: 17, sport: 53, dport }) as Packet;

describe("following the source port the kernel chose", () => {
	// Recorded: test/fixtures/scenarios-own/snat-port-choice.
	test("the first reply at another port of the range moves the connection there", () => {
		const { draft } = setup();
		expect(followChoice(draft, replyTo(5008), 1)).toBe(1);
		expect(
			draft.find(
				{ src: server, dst: host, protocol: 17, sport: 53, dport: 5008 },
				1,
			)?.entry.id,
		).toBe(1);
		expect(followChoice(draft, replyTo(5009), 1)).toBeUndefined();
	});

	test("an ICMP error quoting the translated packet shows the port too", () => {
		const { draft } = setup();
		const quoted = {
			src: host,
			dst: server,
			protocol: 17,
			sport: 5003,
			dport: 53,
		} as Packet;
		const error = {
			src: server,
			dst: host,
			protocol: 1,
			icmp: { type: 3, code: 3, inner: quoted },
		} as Packet;
		expect(followChoice(draft, error, 1)).toBe(1);
		expect(draft.entry(1, 1)?.reply.dport).toBe(5003);
	});

	test("the pending choices leave with their connection (bounded by the table)", () => {
		const { draft } = setup();
		expect(draft.choiceCandidates(replyTo(5008) as never)).toEqual([1]);
		const entry = draft.entry(1, 1);
		if (entry) draft.remove(entry);
		expect(draft.choiceCandidates(replyTo(5008) as never)).toEqual([]);
		const table = draft.commit();
		expect(table.choices.size).toBe(0);
	});

	test("a reply at the simulated port settles the choice", () => {
		const { draft } = setup();
		const entry = draft.entry(1, 1);
		if (entry)
			draft.update({ ...entry, status: entry.status | ctStatus.SEEN_REPLY });
		expect(draft.commit().choices.size).toBe(0);
	});

	test.each([
		["outside the range", 6000, 0],
		["after a reply was seen", 5008, ctStatus.SEEN_REPLY],
	])("not %s", (_name, port, status) => {
		const { draft } = setup(status);
		expect(followChoice(draft, replyTo(port), 1)).toBeUndefined();
	});

	test.each([
		[40000, { min: 1024, max: 65535 }],
		[700, { min: 600, max: 1023 }],
		[53, { min: 1, max: 511 }],
	])("without a range, port %d may end in %j", (port, choices) => {
		expect(
			sourcePortChoices(port, {
				random: false,
				randomFully: false,
				persistent: false,
			}),
		).toEqual(choices);
	});
});
