/**
 * Flowtable offload as nf_flow_table has it (modelled from the kernel
 * sources; this kernel has no flowtables to record): a TCP connection is
 * offloaded once established, and its later packets on a flowtable device
 * are forwarded at ingress without any hook; FIN tears the flow down.
 */
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { loadNftText } from "../nft/load-nft.js";
import { prepareNft } from "../nft-eval/nft-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { createEngineState, type EngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const addr = `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
3: eth1: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 192.168.1.1/24 brd 192.168.1.255 scope global eth1
`;
const route =
	"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n192.168.1.0/24 dev eth1 proto kernel scope link src 192.168.1.1\n";

const nft = `table inet f {
	flowtable ft {
		hook ingress priority filter
		devices = { eth0, eth1 }
	}
	chain fwd {
		type filter hook forward priority filter; policy accept;
		meta l4proto tcp flow add @ft # handle 3
		counter # handle 4
	}
}
`;

test("an established TCP flow is forwarded at ingress without hooks until FIN", () => {
	const host = createHostView(parseHost({ addr, route }).host);
	const context = {
		ruleset: parseRuleset("").ruleset,
		host,
		nft: prepareNft(loadNftText(nft).ruleset),
	};
	let state: EngineState = createEngineState();
	const send = (spec: string) => {
		const parsed = parsePacketSpec(spec);
		if (!parsed.ok) throw new Error(parsed.error);
		const result = simulate(context, parsed.input, state);
		state = result.state;
		return result.trace;
	};
	const hooks = (trace: ReturnType<typeof send>) =>
		trace.steps.filter((s) => s.kind === "hook").length;
	const out = "tcp 192.168.1.5:40000 > 10.0.2.3:443 in eth1";
	const back = "tcp 10.0.2.3:443 > 192.168.1.5:40000 in eth0";
	expect(hooks(send(`${out} syn`))).toBe(3);
	expect(hooks(send(`${back} syn ack`))).toBe(3);
	expect(hooks(send(`${out} ack`))).toBe(3);
	const offloaded = send(`${back} ack`);
	expect(hooks(offloaded)).toBe(0);
	expect(offloaded.fate).toEqual({ kind: "forwarded", device: "eth1" });
	expect(offloaded.packetOut.ttl).toBe(offloaded.packetIn.ttl - 1);
	expect(hooks(send(`${out} fin ack`))).toBe(3);
});
