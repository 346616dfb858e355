/**
 * The commands of a batch that add no table, chain, rule or set: stateful
 * objects, `define`/`undefine` (nft expands variables as it reads, in file
 * order), `include` (reported, not followed: iptx reads one file) and the
 * commands that change nothing (`list`, `reset`...).
 */
import type { BatchLoader } from "./apply-commands.js";
import type { NftCommand } from "./commands.js";
import { objectKey } from "./load-state.js";
import { checkObject } from "./object-check.js";
import { substituteVariables } from "./rule-evaluate.js";

type Scoped = Extract<
	NftCommand,
	{ kind: "add-object" | "define" | "undefine" | "include" | "other" }
>;

export function applyScoped(loader: BatchLoader, command: Scoped): void {
	switch (command.kind) {
		case "add-object": {
			const state = loader.table(command, command.object.origin);
			if (state && checkObject(command.object, loader.report))
				state.objects.set(
					objectKey(command.object.type, command.object.name),
					command.object,
				);
			return;
		}
		case "define": {
			const scope = {
				variable: (name: string) => loader.defines.get(name),
				report: loader.report,
			};
			loader.defines.set(
				command.name,
				substituteVariables(command.value, scope, command.origin),
			);
			return;
		}
		case "undefine":
			loader.defines.delete(command.name);
			return;
		case "include": {
			const { line, column } = command.origin;
			loader.report({
				severity: "warning",
				code: "include-not-followed",
				message: `include "${command.path}" is not followed: iptx reads one file`,
				line,
				column,
				length: 7,
			});
			return;
		}
		case "other":
			return;
	}
}
