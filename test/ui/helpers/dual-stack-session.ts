/**
 * The dual-stack Docker host of the docker6-dual-stack recording, opened as
 * `iptx rules.v4 --rules6 rules.v6 --addr --route --route6` opens it: the
 * session comes from the CLI's own builder.
 */
import { buildSession } from "../../../source/cli/explore-session.js";
import type { Session } from "../../../source/ui/engine-port.js";
import { readRecording } from "../../helpers/recording.js";

const recording = readRecording("scenarios/docker6-dual-stack");

export function dualStackSession(presets: readonly string[] = []): Session {
	return buildSession(
		{
			ok: true,
			rulesText: recording.iptables_save_before,
			rulesSource: "rules.v4",
			rules6Text: recording.ip6tables_save_before ?? "",
			addrText: JSON.stringify(recording.host.ip_addr),
			routeText: JSON.stringify(recording.host.ip_route),
			route6Text: JSON.stringify(recording.host.ip_route6),
			hostSources: { rules6: "rules.v6" },
			hostName: "docker6",
			capturedAt: "2026-12-02T05:39:07Z",
			presets,
			origin: "file",
			commands: [],
			notes: [],
		},
		undefined,
	);
}
