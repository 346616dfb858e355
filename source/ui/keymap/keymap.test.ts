import { describe, expect, test } from "vitest";
import { commandEffects } from "./commands.js";
import { keymap, type Scope } from "./keymap.js";
import { footerBindings, keyName, resolveKey } from "./resolve-key.js";

describe("keymap", () => {
	test("no key is bound twice in one scope", () => {
		const seen = new Set<string>();
		for (const binding of keymap) {
			for (const key of binding.keys) {
				const id = `${binding.scope}:${key}`;
				expect(seen.has(id), id).toBe(false);
				seen.add(id);
			}
		}
	});

	test("every command has a handler", () => {
		for (const binding of keymap) {
			expect(commandEffects[binding.command]).toBeTypeOf("function");
		}
	});

	test.each([
		["rules", "n", {}, "step"],
		["rules", " ", {}, "step"],
		["rules", "b", {}, "back"],
		["rules", "", { return: true }, "run-to-end"],
		["rules", "r", {}, "restart"],
		["rules", "R", { shift: true }, "reply"],
		["rules", "p", {}, "builder"],
		["rules", "", { tab: true }, "next-pane"],
		["rules", "", { tab: true, shift: true }, "prev-pane"],
		["rules", "/", {}, "search"],
		["rules", "c", {}, "conntrack"],
		["rules", "?", {}, "help"],
		["rules", "q", {}, "quit"],
		["rules", "c", { ctrl: true }, "quit"],
		["rules", "", { downArrow: true }, "down"],
		["rules", "v", {}, "rule-detail"],
		["path", "", { downArrow: true }, "down"],
		["path", "", { return: true }, "open-visit"],
		["log", "", { upArrow: true }, "up"],
		["help", "n", {}, undefined],
		["help", "", { escape: true }, "close"],
		["builder", "n", {}, undefined],
		["builder", "", { return: true }, "submit"],
		["builder", "", { downArrow: true }, "next-field"],
		["builder-select", "", { downArrow: true }, undefined],
		["builder-select", "", { tab: true }, "next-field"],
		["search", "q", {}, undefined],
		["search", "", { return: true }, "search-submit"],
	] as const)("%s: %j %j → %s", (scope, input, key, command) => {
		expect(resolveKey(keymap, scope as Scope, input, key)).toBe(command);
	});

	test("keyName names special keys", () => {
		expect(keyName(" ", {})).toBe("space");
		expect(keyName("", { pageDown: true })).toBe("pagedown");
		expect(keyName("c", { ctrl: true })).toBe("ctrl+c");
	});

	test("the footer of a pane lists global keys, an overlay's only its own", () => {
		const rules = footerBindings(keymap, "rules").map((b) => b.command);
		expect(rules).toEqual(
			expect.arrayContaining([
				"step",
				"run-to-end",
				"reply",
				"help",
				"quit",
				"rule-detail",
			]),
		);
		expect(footerBindings(keymap, "help").map((b) => b.command)).toEqual([
			"close",
		]);
	});
});
