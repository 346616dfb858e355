/**
 * Attachments wait for their packet for two seconds (nf_ct_attach carries
 * the connection with a REJECT reply or ICMP error); a stream of them that
 * never show up must not pile up, nor make each later packet scan them.
 */
import { describe, expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { type Attachment, createEngineState } from "./engine-state.js";
import {
	AttachmentsDraft,
	noPendingAttachments,
	type PendingAttachments,
} from "./pending-attachments.js";
import { simulate } from "./simulate.js";

const attachment = (key: string, until: number, why = key): Attachment => ({
	key,
	info: "RELATED",
	mark: 0,
	untracked: false,
	until,
	why,
});

function change(
	base: PendingAttachments,
	now: number,
	edit: (draft: AttachmentsDraft) => void = () => undefined,
): PendingAttachments {
	const draft = new AttachmentsDraft(base, now);
	edit(draft);
	return draft.commit();
}

describe("pending attachments", () => {
	test("taken oldest first by key, forgotten once their time is up", () => {
		const waiting = change(noPendingAttachments, 0, (d) => {
			d.add(attachment("a", 2, "first a"));
			d.add(attachment("b", 2.5));
			d.add(attachment("a", 3, "second a"));
		});
		expect(waiting.size).toBe(3);
		const draft = new AttachmentsDraft(waiting, 1);
		expect(draft.take("a")?.why).toBe("first a");
		expect(draft.take("a")?.why).toBe("second a");
		expect(draft.take("a")).toBeUndefined();
		expect(draft.size).toBe(1);
		// Older versions stay as they were.
		expect(new AttachmentsDraft(waiting, 1).take("a")?.why).toBe("first a");
		const later = new AttachmentsDraft(waiting, 2.5);
		expect(later.size).toBe(1);
		expect(later.take("b")).toBeUndefined();
		expect(later.take("a")?.why).toBe("second a");
		expect(change(waiting, 3).size).toBe(0);
	});

	test("REJECT replies that never come back stay at two seconds' worth", () => {
		const host = createHostView(
			parseHost({
				addr: `1: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
`,
				route: "10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n",
			}).host,
		);
		const { ruleset } = parseRuleset(`*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset
COMMIT
`);
		// 10,000 probes 1 ms apart (10 s), each answered by a reset the log never shows.
		let state = createEngineState();
		let largest = 0;
		for (let i = 0; i < 10_000; i++) {
			const spec = `tcp 10.0.2.3:${10_000 + i} > 10.0.2.15:23 in eth0 syn`;
			const parsed = parsePacketSpec(spec);
			if (!parsed.ok) throw new Error(parsed.error);
			const { packet, meta } = parsed.input;
			const input = { packet, meta: { ...meta, time: i / 1000 } };
			const result = simulate({ ruleset, host }, input, state, {
				detail: "events",
				followLoopback: false,
			});
			expect(result.trace.fate.kind).toBe("rejected");
			state = result.state;
			largest = Math.max(largest, state.attachments.size);
		}
		expect(largest).toBeGreaterThan(1000);
		expect(largest).toBeLessThanOrEqual(2001);
		expect(state.attachments.byKey.size).toBeLessThanOrEqual(2001);
	});
});
