/**
 * nft views rendered from props at 80 columns: a kube-proxy-sized map prints
 * only the elements in view, the tables list only its visible rows, and an
 * nft chain's rules are printed (and escaped) only when their row shows.
 */
import { renderToString } from "ink";
import { describe, expect, test } from "vitest";
import {
	loadNftText,
	type NftSet,
	prepareNft,
	printNftSetElement,
} from "../../source/engine/index.js";
import type { SimulationContext } from "../../source/ui/engine-port.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { RuleList } from "../../source/ui/panes/rule-list.js";
import { SetView } from "../../source/ui/panes/set-view.js";
import { TablesOverlay } from "../../source/ui/panes/tables-overlay.js";
import { listChain } from "../../source/ui/state/chain-listing.js";
import { rulesetOutline } from "../../source/ui/state/ruleset-outline.js";
import { fakeEngine, readRules } from "./fixtures/fake-engine.js";

const services = 20_000;
const text = `table ip kube-proxy {
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { ${Array.from({ length: services }, (_, i) => `10.96.${i >> 8}.${i & 255} . tcp . 80 : goto service-${i}`).join(", ")} }
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
	}
${Array.from({ length: services }, (_, i) => `	chain service-${i} {\n\t\tip daddr 10.96.${i >> 8}.${i & 255} comment "svc \u001b[2J ${i}" counter\n\t}`).join("\n")}
}
`;
const read = loadNftText(text, { source: "kube.nft" });
const context: SimulationContext = {
	ruleset: readRules(""),
	host: undefined as never,
	nft: prepareNft(read.ruleset),
};
const theme = { glyphs: asciiGlyphs, color: false };

describe("nft views print only the rows in view", () => {
	test("a 20,000-element verdict map", () => {
		const set = read.ruleset.tables[0]?.sets[0] as NftSet;
		let printed = 0;
		const out = renderToString(
			<SetView
				table="ip kube-proxy"
				set={set}
				selected={19_990}
				printElement={(index) => {
					printed++;
					return printNftSetElement(set.elements[index] as never, set);
				}}
				height={12}
				width={80}
				glyphs={asciiGlyphs}
				escapeText={fakeEngine.escapeTerminalText}
			/>,
			{ columns: 80 },
		);
		expect(printed).toBeLessThan(40);
		expect(out).toContain("map ip kube-proxy service-ips: 20000 elements");
		expect(out).toContain(">  10.96.78.22 . tcp . 80 : goto service-19990");
	});

	test("the tables list of 20,002 rows", () => {
		const rows = rulesetOutline(context);
		expect(rows.length).toBe(services + 3);
		let escaped = 0;
		const out = renderToString(
			<TablesOverlay
				rows={rows}
				selected={rows.length - 1}
				height={10}
				width={80}
				glyphs={asciiGlyphs}
				escapeText={(t) => {
					escaped++;
					return fakeEngine.escapeTerminalText(t);
				}}
			/>,
			{ columns: 80 },
		);
		expect(escaped).toBeLessThan(40);
		expect(out).toContain(">  chain service-19999  1 rule");
	});

	test("an nft chain: its rule printed in nft syntax, the comment escaped", () => {
		const out = renderToString(
			<RuleList
				listing={listChain(context, "ip kube-proxy", "service-7")}
				frame={undefined}
				stack={[]}
				following
				browseRow={undefined}
				focused
				width={80}
				height={6}
				theme={theme}
				escapeText={fakeEngine.escapeTerminalText}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("[Rules: ip kube-proxy service-7]");
		expect(out).toContain(
			'1   ip daddr 10.96.0.7 counter comment "svc \\x1b[2J 7"',
		);
		expect(out).not.toContain("\u001b[2J");
	});
});
