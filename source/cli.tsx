#!/usr/bin/env node
/**
 * iptx entry point: dispatches to a subcommand, or opens the explorer.
 * Each subcommand lives in `cli/` and parses its own flags.
 */
import process from "node:process";
import { runCapture } from "./cli/capture.js";
import { runCheck } from "./cli/check.js";
import { runExplore } from "./cli/explore.js";
import { runReplay } from "./cli/replay.js";
import { runTrace } from "./cli/trace.js";

const subcommands: Record<
	string,
	(argv: readonly string[]) => Promise<number>
> = {
	check: runCheck,
	replay: runReplay,
	trace: runTrace,
	capture: runCapture,
};

const [first, ...rest] = process.argv.slice(2);
const run = first === undefined ? undefined : subcommands[first];
const code = run ? await run(rest) : await runExplore(process.argv.slice(2));
process.exitCode = code;
