/**
 * The element a packet matched, through the real engine on the recorded
 * Docker 29 host: a named verdict map marked in the set view, an anonymous
 * set named in the detail line, the Path pane's width at 80 and 200
 * columns, and an ICMP conntrack entry as `conntrack -L` prints it.
 */
import { renderToString } from "ink";
import { cleanup, render } from "ink-testing-library";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { buildSession } from "../../source/cli/explore-session.js";
import { loadInputs } from "../../source/cli/inputs.js";
import {
	createEngineState,
	parsePacketSpec,
	printNftSetElement,
	type Step,
	simulate,
} from "../../source/engine/index.js";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Session } from "../../source/ui/engine-port.js";
import { conntrackText } from "../../source/ui/lib/format.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { computeLayout, widenPath } from "../../source/ui/lib/layout.js";
import { pathWidthNeeded } from "../../source/ui/panes/path-pane.js";
import { SetView } from "../../source/ui/panes/set-view.js";
import { lookupText, setHits } from "../../source/ui/state/set-hits.js";
import { findNftSet } from "../../source/ui/state/tables-reducer.js";
import { press } from "./helpers/keys.js";

afterEach(() => {
	cleanup();
});

let docker29: Session;

beforeAll(async () => {
	const loaded = await loadInputs({ sample: "docker29-nft" });
	if (!loaded.ok) throw new Error(loaded.error);
	docker29 = buildSession(loaded, "docker29-nft");
});

function steps(session: Session, spec: string): readonly Step[] {
	const parsed = parsePacketSpec(spec);
	if (!parsed.ok) throw new Error(parsed.error);
	return simulate(session.context, parsed.input, createEngineState()).trace
		.steps;
}

const published = "tcp 10.0.2.3:47100 > 10.0.2.15:8080 in eth0 syn";

describe("a named verdict map", () => {
	test("in the explorer: the rule says what the map held, s opens it at that element", async () => {
		const app = render(
			<App
				engine={engineAdapter}
				session={docker29}
				theme={{ glyphs: asciiGlyphs, color: false }}
			/>,
		);
		const frame = () => app.lastFrame() ?? "";
		await press(app.stdin, "m", "m", "m");
		await vi.waitFor(() =>
			expect(frame()).toContain('@filter-forward-in-jumps holds "docker0"'),
		);
		await press(app.stdin, "s");
		await vi.waitFor(() =>
			expect(frame()).toContain(
				"map ip docker-bridges filter-forward-in-jumps",
			),
		);
		expect(frame()).toContain('>+ "docker0" : jump filter-forward-in__docker0');
	});

	test("the element the packet's output device matched is marked", () => {
		const trace = steps(docker29, published);
		const table = "ip docker-bridges";
		const set = findNftSet(docker29, table, "nat-postrouting-in-jumps");
		if (!set) throw new Error("no map");
		const hits = setHits(trace, trace.length - 1, table, set);
		expect(hits.lookups).toBe(1);
		expect(
			[...hits.rows].map((row) =>
				printNftSetElement(set.elements[row] as never, set),
			),
		).toEqual(['"docker0" : jump nat-postrouting-in__docker0']);
		// Before the packet reaches POSTROUTING it has not looked the map up.
		expect(setHits(trace, 3, table, set)).toEqual({
			rows: new Set(),
			lookups: 0,
		});
		const out = renderToString(
			<SetView
				table={table}
				set={set}
				selected={1}
				printElement={(i) => printNftSetElement(set.elements[i] as never, set)}
				height={8}
				width={80}
				glyphs={asciiGlyphs}
				escapeText={(text) => text}
				hits={hits}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("+ marks the element this packet matched");
		expect(out).toContain(' + "docker0" : jump nat-postrouting-in__docker0');
		expect(out).toContain('>  "br-net2" : jump nat-postrouting-in__br-net2');
	});

	test("the detail text names the element; a miss says so", () => {
		const trace = steps(docker29, published);
		const lookups = trace.flatMap((step) =>
			step.kind === "nft-rule" && step.lookups ? step.lookups : [],
		);
		const find = (name: string) =>
			findNftSet(docker29, "ip docker-bridges", name);
		const texts = lookups.map((lookup) => lookupText(lookup, find));
		expect(texts).toContain('@nat-postrouting-in-jumps holds "docker0"');
		expect(texts).toContain(
			"@nat-postrouting-out-jumps has no element for this packet",
		);
	});
});

const hostNft = `table inet host {
	chain input {
		type filter hook input priority filter; policy drop;
		tcp dport { 22, 80-90, 443 } accept
	}
}
`;

test("an anonymous set: the element the packet's port matched", async () => {
	const loaded = await loadInputs({ sample: "docker29-nft" });
	if (!loaded.ok) throw new Error(loaded.error);
	const session = buildSession(
		{ ...loaded, nftText: hostNft, nftSource: "host.nft" },
		"host.nft",
	);
	const trace = steps(session, "tcp 10.0.2.3:47100 > 10.0.2.15:85 in eth0 syn");
	const lookups = trace.flatMap((step) =>
		step.kind === "nft-rule" && step.lookups ? step.lookups : [],
	);
	expect(lookups.map((lookup) => lookupText(lookup, () => undefined))).toEqual([
		"the anonymous set holds 80-90",
	]);
});

describe("the Path pane's width", () => {
	const trace = () => steps(docker29, published);
	test("at 80 columns it keeps its narrow width", () => {
		const layout = computeLayout(80, 24);
		const wide = widenPath(layout, pathWidthNeeded(trace(), asciiGlyphs));
		expect(wide.pathWidth).toBe(layout.pathWidth);
		expect(wide.pathWidth + wide.rulesWidth).toBe(80);
	});
	test("at 200 columns it shows the longest row whole", () => {
		const need = pathWidthNeeded(trace(), asciiGlyphs);
		expect(need).toBe(
			// The row as drawn (two marker columns first), then the separator.
			"    -300 raw-PREROUTING (ip docker-bridges)".length + 1,
		);
		const wide = widenPath(computeLayout(200, 60), need);
		expect(wide.pathWidth).toBe(need);
		expect(wide.rulesWidth).toBe(200 - need);
	});
});

test("an ICMP conntrack entry shows type, code and id as conntrack -L does", () => {
	const parsed = parsePacketSpec(
		"icmp 10.0.2.3 > 10.0.2.15 type 8 id 7 in eth0",
	);
	if (!parsed.ok) throw new Error(parsed.error);
	const result = simulate(docker29.context, parsed.input, createEngineState());
	const entry = result.trace.steps.findLast(
		(step) => step.kind === "conntrack" && step.entry,
	);
	if (entry?.kind !== "conntrack" || !entry.entry) throw new Error("no entry");
	expect(conntrackText(entry.entry)).toContain(
		"src=10.0.2.3 dst=10.0.2.15 type=8 code=0 id=7 [UNREPLIED] src=10.0.2.15 dst=10.0.2.3 type=0 code=0 id=7",
	);
});
