import { describe, expect, test } from "vitest";
import type { ConntrackEntry } from "../conntrack/types.js";
import { ctStatus } from "../conntrack/types.js";
import type { Packet } from "../model/packet.js";
import { natDropsRedirect } from "./icmp-redirect.js";

const redirect = { protocol: 1, icmp: { type: 5, code: 1 } } as Packet;
const entry = (status: number) => ({ status }) as ConntrackEntry;
const done = ctStatus.SRC_NAT_DONE | ctStatus.DST_NAT_DONE;

describe("nf_nat_icmp_reply_translation and redirects", () => {
	test.each([
		["NAT not finished (sent before POSTROUTING)", ctStatus.DST_NAT_DONE, true],
		["null bindings both ways", done, false],
		["source NAT", done | ctStatus.SRC_NAT, true],
		["destination NAT", done | ctStatus.DST_NAT, true],
	])("%s → dropped %s", (_name, status, dropped) => {
		expect(natDropsRedirect(redirect, entry(status))).toBe(dropped);
	});

	test("other ICMP errors are translated, not dropped", () => {
		const unreachable = { protocol: 1, icmp: { type: 3, code: 1 } } as Packet;
		expect(natDropsRedirect(unreachable, entry(0))).toBe(false);
	});
});
