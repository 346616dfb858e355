/**
 * nft_do_chain's verdicts as the kernel has them: accept ends only its base
 * chain (a later base chain on the hook may still drop), drop is final,
 * jump returns and goto does not, a chain's end returns or falls to the
 * base chain's policy, verdict maps jump by key and a miss breaks the rule.
 */
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { loadNftText } from "../nft/load-nft.js";
import { prepareNft } from "../nft-eval/nft-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { eventText } from "../report/trace-text.js";
import { createEngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const addr = `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
3: docker0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
`;
const route =
	"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n";

function run(nft: string, spec: string) {
	const host = createHostView(parseHost({ addr, route }).host);
	const loaded = loadNftText(nft);
	expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
	const parsed = parsePacketSpec(spec);
	if (!parsed.ok) throw new Error(parsed.error);
	const { ruleset } = parseRuleset("");
	const context = { ruleset, host, nft: prepareNft(loaded.ruleset) };
	return simulate(context, parsed.input, createEngineState()).trace;
}

const forwarded = "tcp 10.0.2.3:40000 > 172.17.0.2:80 in eth0 syn";

const twoChains = `table inet early {
	chain fwd {
		type filter hook forward priority filter - 1; policy accept;
		accept # handle 2
	}
}
table ip late {
	chain fwd {
		type filter hook forward priority filter; policy accept;
		tcp dport 80 drop # handle 3
	}
}
`;

test("accept ends only its base chain: a later base chain still drops", () => {
	const trace = run(twoChains, forwarded);
	expect(trace.events.map(eventText)).toEqual([
		"nft:inet:early:fwd:rule:2:accept",
		"nft:ip:late:fwd:rule:3:drop",
	]);
	expect(trace.fate.kind).toBe("dropped");
});

test("equal priorities: the chain listed (registered) later runs first", () => {
	const same = twoChains.replace("filter - 1", "filter");
	expect(run(same, forwarded).events.map(eventText)).toEqual([
		"nft:ip:late:fwd:rule:3:drop",
	]);
});

const jumps = `table ip t {
	map ports {
		type inet_service : verdict
		elements = { 80 : jump web, 22 : goto ssh }
	}
	chain fwd {
		type filter hook forward priority filter; policy drop;
		tcp dport vmap @ports # handle 4
		counter # handle 5
	}
	chain web {
		ip saddr 10.0.2.9 drop # handle 6
	}
	chain ssh {
		return # handle 7
	}
}
`;

test("jump returns after the jumped chain's end; the base chain then ends in its policy", () => {
	expect(run(jumps, forwarded).events.map(eventText)).toEqual([
		"nft:ip:t:fwd:rule:4:jump:web",
		"nft:ip:t:web:end",
		"nft:ip:t:fwd:rule:5:continue",
		"nft:ip:t:fwd:end",
		"nft:ip:t:fwd:policy:drop",
	]);
});

test("goto does not return: a return there falls to the base chain's policy", () => {
	const ssh = "tcp 10.0.2.3:40000 > 172.17.0.2:22 in eth0 syn";
	expect(run(jumps, ssh).events.map(eventText)).toEqual([
		"nft:ip:t:fwd:rule:4:goto:ssh",
		"nft:ip:t:ssh:rule:7:return",
		"nft:ip:t:fwd:policy:drop",
	]);
});

test("a verdict map without the key breaks the rule (no trace for it)", () => {
	const other = "tcp 10.0.2.3:40000 > 172.17.0.2:443 in eth0 syn";
	expect(run(jumps, other).events.map(eventText)).toEqual([
		"nft:ip:t:fwd:rule:5:continue",
		"nft:ip:t:fwd:end",
		"nft:ip:t:fwd:policy:drop",
	]);
});
