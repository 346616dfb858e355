/**
 * A mark set in mangle PREROUTING is visible to policy routing
 * (netfilter-semantics §1.4): the forwarded packet leaves through the table
 * the fwmark rule selects.
 */
import { expect, test } from "vitest";
import type { LoadedInputs } from "../../source/cli/inputs.js";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import { parsePacketSpec, simulate } from "../../source/engine/index.js";

const rulesText = `*mangle
:PREROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp --dport 80 -j MARK --set-mark 0x1
COMMIT
`;
const routeText = `default via 10.0.1.254 dev eth1
10.0.0.0/24 dev eth0 scope link src 10.0.0.1
10.0.1.0/24 dev eth1 scope link src 10.0.1.1
10.0.2.0/24 dev eth2 scope link src 10.0.2.1
default via 10.0.2.254 dev eth2 table 100
`;
const ruleText = `0:	from all lookup local
100:	from all fwmark 0x1 lookup 100
32766:	from all lookup main
32767:	from all lookup default
`;

function outDevice(withRules: boolean, spec: string): string {
	const loaded: LoadedInputs & { ok: true } = {
		ok: true,
		rulesText,
		rulesSource: "test",
		routeText,
		...(withRules ? { ruleText } : {}),
		presets: [],
		origin: "file",
		commands: [],
		notes: [],
	};
	const built = buildSimulationContext(loaded);
	const parsed = parsePacketSpec(spec, { defaultTime: 0 });
	if (!parsed.ok) throw new Error(parsed.error);
	const { trace } = simulate(
		built.context,
		parsed.input,
		built.initialState(0),
	);
	return `${trace.fate.kind} ${"device" in trace.fate ? trace.fate.device : ""}`;
}

test.each([
	[true, "tcp 10.0.0.5:40000 > 1.2.3.4:80 in eth0 syn", "forwarded eth2"],
	[true, "tcp 10.0.0.5:40000 > 1.2.3.4:443 in eth0 syn", "forwarded eth1"],
	[false, "tcp 10.0.0.5:40000 > 1.2.3.4:80 in eth0 syn", "forwarded eth1"],
])("rules given: %s, %s: %s", (withRules, spec, expected) => {
	expect(outDevice(withRules, spec)).toBe(expected);
});
