/**
 * `reuseState` (what replay asks for) changes how the next state is stored,
 * never what a packet meets: a stretch of mixed Docker traffic gives the
 * same traces and the same connections with it as without it.
 */
import { expect, test } from "vitest";
// @ts-expect-error: the generator is a plain ES module script
import { dockerTraffic } from "../../scripts/gen-docker-traffic.mjs";
import { loadInputs } from "../../source/cli/inputs.js";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import {
	conntrackEntries,
	type EngineState,
	parseLogPacket,
	simulate,
} from "../../source/engine/index.js";

test("reuseState gives the same traces and connections as copying", async () => {
	const loaded = await loadInputs({ bundle: "samples/docker-seed" });
	if (!loaded.ok) throw new Error(loaded.error);
	const built = buildSimulationContext(loaded);
	let copied: EngineState | undefined;
	let reused: EngineState | undefined;
	for (const line of dockerTraffic(3000, 7) as Iterable<string>) {
		const parsed = parseLogPacket(line);
		if (!parsed.ok) throw new Error(parsed.error);
		const { input } = parsed;
		copied ??= built.initialState(input.meta.time);
		reused ??= built.initialState(input.meta.time);
		const options = { detail: "events", followLoopback: false } as const;
		const a = simulate(built.context, input, copied, options);
		const b = simulate(built.context, input, reused, {
			...options,
			reuseState: true,
		});
		expect(b.trace).toEqual(a.trace);
		copied = a.state;
		reused = b.state;
	}
	const now = Number.POSITIVE_INFINITY;
	expect(conntrackEntries(reused as EngineState, -now)).toEqual(
		conntrackEntries(copied as EngineState, -now),
	);
	expect(reused?.sockets.entries.entries()).toEqual(
		copied?.sockets.entries.entries(),
	);
	expect(reused?.ruleState.entries()).toEqual(copied?.ruleState.entries());
	expect(reused?.conntrack.entries.size).toBeGreaterThan(100);
});
