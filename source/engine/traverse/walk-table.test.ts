/**
 * Chain walking as ipt_do_table does it, and TRACE's numbering and labels
 * (semantics §2.2, §5.6): jumps push, gotos do not, RETURN with an empty stack
 * falls to the built-in policy, implicit returns and policies are numbered
 * rules + 1, and unconditional verdict rules print as policy/return.
 */
import { describe, expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { eventText } from "../report/trace-text.js";
import { createEngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const host = createHostView(
	parseHost({
		addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n",
		route:
			"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n",
	}).host,
);

function events(
	filter: string,
	packet = "tcp 10.0.2.3:40000 > 10.0.2.15:22 in eth0 syn",
) {
	const { ruleset, diagnostics } = parseRuleset(
		`*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${filter}COMMIT\n`,
	);
	expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
	const parsed = parsePacketSpec(packet);
	if (!parsed.ok) throw new Error(parsed.error);
	const { trace } = simulate(
		{ ruleset, host },
		parsed.input,
		createEngineState(),
	);
	return {
		events: trace.events.map(eventText).join(" "),
		fate: trace.fate.kind,
	};
}

describe("chain walking and TRACE numbering", () => {
	test.each([
		[
			"falling off a jumped-to chain resumes after the jump",
			":a - [0:0]\n-A INPUT -j a\n-A INPUT -p tcp -j ACCEPT\n-A a -p udp -j DROP\n",
			"filter:INPUT:rule:1 filter:a:return:2 filter:INPUT:rule:2",
			"delivered",
		],
		[
			"RETURN in a goto'd chain goes back past the chain that did the goto",
			":a - [0:0]\n:b - [0:0]\n-A INPUT -j a\n-A INPUT -j DROP\n-A a -g b\n-A a -j DROP\n-A b -p tcp -j RETURN\n",
			"filter:INPUT:rule:1 filter:a:rule:1 filter:b:rule:1 filter:INPUT:policy:2",
			"dropped",
		],
		[
			"the end of a chain reached by -g from a built-in chain is its policy",
			":INPUTX - [0:0]\n-A INPUT -g INPUTX\n-A INPUT -j DROP\n",
			"filter:INPUT:rule:1 filter:INPUTX:return:1 filter:INPUT:policy:3",
			"delivered",
		],
		[
			"an explicit RETURN in a built-in chain prints itself, then the policy",
			"-A INPUT -p tcp -j RETURN\n-A INPUT -j DROP\n",
			"filter:INPUT:rule:1 filter:INPUT:policy:3",
			"delivered",
		],
		[
			"an unconditional DROP in a built-in chain prints as policy",
			"-A INPUT -j DROP\n",
			"filter:INPUT:policy:1",
			"dropped",
		],
		[
			"an unconditional ACCEPT in a user chain prints as return",
			":a - [0:0]\n-A INPUT -j a\n-A a -j ACCEPT\n",
			"filter:INPUT:rule:1 filter:a:return:1",
			"delivered",
		],
		[
			"a rule without a target counts and moves on",
			"-A INPUT -p tcp\n-A INPUT -j ACCEPT\n",
			"filter:INPUT:rule:1 filter:INPUT:policy:2",
			"delivered",
		],
		[
			"rules that do not match print nothing",
			"-A INPUT -p udp -j DROP\n",
			"filter:INPUT:policy:2",
			"delivered",
		],
	])("%s", (_name, rules, want, fate) => {
		const result = events(rules);
		expect(result.events).toBe(want);
		expect(result.fate).toBe(fate);
	});
});
