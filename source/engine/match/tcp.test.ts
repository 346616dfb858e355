import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { hasTcpOption, tcpMatch } from "./tcp.js";

function run(options: string, packet: Parameters<typeof makeContext>[0] = {}) {
	const { data, diagnostics } = tcpMatch.parse(
		rawOptions(options),
		sampleParseContext,
	);
	expect(diagnostics).toEqual([]);
	return tcpMatch.evaluate(data, makeContext(packet)).result;
}

const syn = { flags: 0x02, seq: 1, ack: 0, window: 1, res: 0, urgp: 0 };
const synAck = { ...syn, flags: 0x12 };

describe("tcp match", () => {
	test.each([
		["--dport 80", {}, "match"],
		["--dport 22", {}, "no-match"],
		["! --dport 22", {}, "match"],
		["--dport 1:100", {}, "match"],
		["--dport :80", {}, "match"],
		["--dport 81:", {}, "no-match"],
		["--sport 40000 --dport 80", {}, "match"],
		["--sport 1024:65535 ! --dport 80", {}, "no-match"],
		["--syn", { packet: { tcp: syn } }, "match"],
		["--syn", { packet: { tcp: synAck } }, "no-match"],
		["! --syn", { packet: { tcp: synAck } }, "match"],
		["--tcp-flags SYN,ACK SYN,ACK", { packet: { tcp: synAck } }, "match"],
		[
			"--tcp-flags ALL NONE",
			{ packet: { tcp: { ...syn, flags: 0 } } },
			"match",
		],
		[
			"--tcp-flags ALL NONE",
			{ packet: { tcp: { ...syn, flags: 0x40 } } },
			"match",
		],
		["--tcp-option 2", {}, "unknown"],
		[
			"--tcp-option 2",
			{ packet: { tcp: { ...syn, options: "020405B4" } } },
			"match",
		],
		[
			"! --tcp-option 8",
			{ packet: { tcp: { ...syn, options: "020405B4" } } },
			"match",
		],
		["--dport 80", { packet: { fragmentOffset: 10 } }, "no-match"],
		["! --dport 22", { packet: { fragmentOffset: 10 } }, "no-match"],
		["--source-port 40000", {}, "match"],
	] as const)("%s on %j → %s", (options, packet, expected) => {
		expect(run(options, packet)).toBe(expected);
	});

	test.each([
		["--dport 22", "tcp dpt:22"],
		["! --dport 1000:2000", "tcp dpts:!1000:2000"],
		["--syn", "tcp flags:FIN,SYN,RST,ACK/SYN"],
		["--sport 53 --tcp-option 2", "tcp spt:53 option=2"],
	])("describe %s", (options, text) => {
		const { data } = tcpMatch.parse(rawOptions(options), sampleParseContext);
		expect(tcpMatch.describe(data)).toBe(text);
	});

	test.each([
		["--dport x", 'invalid port/service "x"', "invalid-value"],
		["--frob 1", 'unknown option "--frob"', "unknown-option"],
		["--dport", 'option "--dport" requires an argument', "option-arity"],
		["--tcp-flags SYN BOGUS", 'Unknown TCP flag "SYN BOGUS"', "invalid-value"],
	])("diagnostic for %s", (options, message, code) => {
		const { diagnostics } = tcpMatch.parse(
			rawOptions(options),
			sampleParseContext,
		);
		expect(diagnostics.map((d) => [d.message, d.code])).toEqual([
			[message, code],
		]);
	});

	test("needs -p tcp", () => {
		const { diagnostics } = tcpMatch.parse(rawOptions("--dport 22"), {
			...sampleParseContext,
			protocol: 17,
		});
		expect(diagnostics[0]?.code).toBe("protocol-required");
	});

	test.each([
		["0101080A", 8, true],
		["0101080A", 1, true],
		["020405B4", 5, false],
		["", 2, false],
	])("hasTcpOption(%s, %d) = %s", (hex, kind, expected) => {
		expect(hasTcpOption(hex, kind)).toBe(expected);
	});
});
