/** A session built from a sample bundle with the real engine, as `iptx --sample NAME` builds it. */
import { readFileSync } from "node:fs";
import {
	createHostView,
	parseHost,
	parseRuleset,
} from "../../../source/engine/index.js";
import type { Session } from "../../../source/ui/engine-port.js";

/** 25 Jul 2017 03:54:35 UTC: the seed article's log time. */
export const articleClock = Date.UTC(2017, 6, 25, 3, 54, 35) / 1000;

export function sampleSession(name: string, rulesText?: string): Session {
	const dir = new URL(`../../../samples/${name}/`, import.meta.url);
	const read = (file: string) => {
		try {
			return readFileSync(new URL(file, dir), "utf8");
		} catch {
			return undefined;
		}
	};
	const meta = JSON.parse(read("bundle.json") ?? "{}") as {
		hostname?: string;
		packets?: string[];
	};
	const addr = read("ip-addr.json") ?? read("ip-addr.txt");
	const route =
		read("ip-route.json") ?? read("ip-route.txt") ?? read("route-n.txt");
	const { ruleset } = parseRuleset(rulesText ?? read("iptables.rules") ?? "", {
		source: `${name}/iptables.rules`,
	});
	const { host } = parseHost({
		...(addr === undefined ? {} : { addr }),
		...(route === undefined ? {} : { route }),
		...(meta.hostname === undefined ? {} : { name: meta.hostname }),
	});
	return {
		context: { ruleset, host: createHostView(host) },
		hostName: meta.hostname ?? "localhost",
		presets: meta.packets ?? [],
		origin: `sample ${name}`,
		clock: articleClock,
		notes: [],
	};
}
