/**
 * Golden text traces of every sample's preset packets: what `iptx trace`
 * prints, compared with files under test/fixtures/traces (update with
 * `vitest -u` after a deliberate change, and read the diff).
 */
import path from "node:path";
import { expect, test } from "vitest";
import { loadInputs } from "../../source/cli/inputs.js";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import {
	formatTraceText,
	parsePacketSpec,
	replyTo,
	simulate,
} from "../../source/engine/index.js";

test.each(["docker-seed", "docker-modern", "host-firewall", "kube-proxy"])(
	"%s",
	async (sample) => {
		const loaded = await loadInputs({ sample });
		if (!loaded.ok) throw new Error(loaded.error);
		const built = buildSimulationContext(loaded);
		let state = built.initialState(0);
		const out: string[] = [];
		for (const [index, spec] of loaded.presets.entries()) {
			const parsed = parsePacketSpec(spec, { defaultTime: index * 10 });
			if (!parsed.ok) throw new Error(`${spec}: ${parsed.error}`);
			const first = simulate(built.context, parsed.input, state);
			state = first.state;
			out.push(`# ${spec}`, formatTraceText(first.trace, built.ruleset));
			const reply = replyTo(first.trace);
			if (reply) {
				const second = simulate(built.context, reply, state);
				state = second.state;
				out.push(`# reply`, formatTraceText(second.trace, built.ruleset));
			}
		}
		await expect(out.join("\n")).toMatchFileSnapshot(
			path.join(
				import.meta.dirname,
				"..",
				"fixtures",
				"traces",
				`${sample}.trace.txt`,
			),
		);
	},
);
