/**
 * Every extension target, by name: the one table the parser and the traversal
 * use. ACCEPT, DROP, RETURN, QUEUE and chain names are not extensions.
 */
import type { AnyTargetModule } from "./types.js";

const targets: readonly AnyTargetModule[] = [];

const byName = new Map<string, AnyTargetModule>(
	targets.map((target) => [target.name, target]),
);

export function findTargetModule(name: string): AnyTargetModule | undefined {
	return byName.get(name);
}

export function targetModuleNames(): readonly string[] {
	return [...byName.keys()];
}
