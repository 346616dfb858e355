/**
 * TCP options and IPv6 extension headers as nft_exthdr reads them: a field
 * from the option bytes LOG prints as OPT (...), presence as 1/0, an absent
 * option with a field breaking the rule, an MSS that is only ever lowered.
 */
import { expect, test } from "vitest";
import { tcpPacket } from "../../../test/helpers/packets.js";
import type { Packet } from "../model/packet.js";
import { exthdrRef, exthdrValue } from "./ipv6-exthdr.js";
import { tcpOptionValue, withTcpOption } from "./tcp-option.js";

/** A SYN with MSS 536, SACK permitted, timestamps, NOP, window scale 7 (Linux's order). */
const syn = tcpPacket("10.0.2.3", 51005, "10.0.2.15", 5000, 2, {
	tcpOptions: "020402180402080A0000000100000000" + "01030307",
});

test.each([
	[["maxseg", "size"], 536],
	[["name maxseg", "field size"], 536],
	[["sack-perm"], 1],
	[["window", "count"], 7],
	[["timestamp", "tsval"], 1],
	[["md5sig"], 0],
	[["sack0", "left"], undefined],
])("tcp option %j reads %s", (args, value) => {
	expect(tcpOptionValue(syn, args)).toBe(value);
});

test("maxseg set lowers the MSS and never raises it", () => {
	const lowered = withTcpOption(syn, ["maxseg", "size"], 500);
	expect(lowered && tcpOptionValue(lowered, ["maxseg", "size"])).toBe(500);
	expect(withTcpOption(syn, ["maxseg", "size"], 1460)).toBeUndefined();
});

const withHeaders = {
	...syn,
	family: "ipv6",
	protocol: 17,
	src: "fd00:0002:0000:0000:0000:0000:0000:0003",
	dst: "fd00:0002:0000:0000:0000:0000:0000:0015",
	flowLabel: 0,
	extHeaders: [{ kind: "hbh" }, { kind: "rt", type: 0, segmentsLeft: 1 }],
} satisfies Packet;

test.each([
	["exthdr", ["hbh"], 1],
	["exthdr", ["name dst"], 0],
	["rt", ["type"], 0],
	["rt", ["seg-left"], 1],
	["hbh", ["nexthdr"], 43],
	["rt", ["nexthdr"], 17],
	["frag", ["more-fragments"], undefined],
])("%s %j reads %s", (name, args, value) => {
	const ref = exthdrRef(name, args);
	expect(ref && exthdrValue(withHeaders, ref)).toBe(value);
});

test("rt mtu is the routing key, not the routing header", () => {
	expect(exthdrRef("rt", ["mtu"])).toBeUndefined();
});
