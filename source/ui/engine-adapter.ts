/** The real engine behind the explorer's `UiEngine` port. */
import {
	conntrackEntries,
	createEngineState,
	type EngineState,
	escapeTerminalText,
	formatMessagesLine,
	formatPacketShort,
	parsePacketSpec,
	replyTo,
	simulate,
} from "../engine/index.js";
import type { EngineToken, UiEngine } from "./engine-port.js";

export const engineAdapter: UiEngine = {
	createState: () => createEngineState(),
	simulate: (context, input, state) => {
		const result = simulate(context, input, state as EngineState);
		return { trace: result.trace, state: result.state };
	},
	replyTo: (trace) => replyTo(trace),
	conntrackEntries: (state: EngineToken) =>
		conntrackEntries(state as EngineState),
	parsePacketSpec: (text) => {
		const parsed = parsePacketSpec(text);
		return parsed.ok
			? { ok: true, input: parsed.input, devices: parsed.devices }
			: parsed;
	},
	formatMessagesLine: (line, time, hostname) =>
		formatMessagesLine(line, { time, hostname }),
	formatPacketShort,
	escapeTerminalText,
};
