#!/usr/bin/env node
/**
 * iptx entry point: dispatches to a subcommand, or opens the explorer.
 * Each subcommand lives in `cli/` and parses its own flags; modules load on
 * demand so `iptx check` does not pay for the terminal UI's start-up.
 */
import process from "node:process";

type Command = (argv: readonly string[]) => Promise<number>;

const subcommands: Record<string, () => Promise<Command>> = {
	check: async () => (await import("./cli/check.js")).runCheck,
	replay: async () => (await import("./cli/replay.js")).runReplay,
	trace: async () => (await import("./cli/trace.js")).runTrace,
	capture: async () => (await import("./cli/capture.js")).runCapture,
};

// React's development build checks and warns on every render and is several
// times slower; the explorer runs the production build unless told otherwise.
process.env["NODE_ENV"] ??= "production";

const [first, ...rest] = process.argv.slice(2);
const load = first === undefined ? undefined : subcommands[first];
const run = load ? await load() : (await import("./cli/explore.js")).runExplore;
process.exitCode = await run(load ? rest : process.argv.slice(2));
