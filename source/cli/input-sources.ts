/**
 * Where inputs come from besides a file: a capture bundle, a sample shipped
 * with iptx, or the running host (`--live`, read-only).
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Bundle, readBundle } from "../live/bundle.js";
import { captureLive } from "../live/capture-live.js";
import { systemPathVariable } from "../live/commands.js";
import { createRunner, parseSystemPath } from "../live/runner.js";
import {
	type Failed,
	type InputOptions,
	inputError,
	type Loaded,
} from "./loaded-inputs.js";

/**
 * The folder holding the samples shipped with iptx: `samples/` in the
 * package root, found upwards from this module (which is in source/cli,
 * dist/cli or a bundle chunk in dist/chunks).
 */
export function samplesDirectory(): string {
	for (const up of ["../", "../../", "../../../"]) {
		const folder = fileURLToPath(new URL(`${up}samples/`, import.meta.url));
		if (existsSync(path.join(folder, "docker-seed"))) return folder;
	}
	return fileURLToPath(new URL("../../samples/", import.meta.url));
}

/** True for a folder (a bundle); false for anything else or nothing. */
export function isDirectory(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

export function fromBundle(
	bundle: Bundle,
	origin: "bundle" | "sample",
): Loaded {
	const { meta } = bundle;
	return {
		ok: true,
		rulesText: bundle.rulesText,
		rulesSource: bundle.rulesFile,
		...(bundle.addrText === undefined ? {} : { addrText: bundle.addrText }),
		...(bundle.routeText === undefined ? {} : { routeText: bundle.routeText }),
		...(bundle.ruleText === undefined ? {} : { ruleText: bundle.ruleText }),
		...(bundle.ipsetText === undefined ? {} : { ipsetText: bundle.ipsetText }),
		...(bundle.rules6Text === undefined
			? {}
			: { rules6Text: bundle.rules6Text }),
		...(bundle.route6Text === undefined
			? {}
			: { route6Text: bundle.route6Text }),
		...(bundle.nftText === undefined
			? {}
			: { nftText: bundle.nftText, nftSource: bundle.nftFile ?? "nft.json" }),
		hostSources: {
			...(bundle.addrFile === undefined ? {} : { addr: bundle.addrFile }),
			...(bundle.routeFile === undefined ? {} : { route: bundle.routeFile }),
			...(bundle.ruleFile === undefined ? {} : { rule: bundle.ruleFile }),
			...(bundle.rules6File === undefined ? {} : { rules6: bundle.rules6File }),
			...(bundle.route6File === undefined ? {} : { route6: bundle.route6File }),
		},
		...(bundle.conntrackText === undefined
			? {}
			: { conntrackText: bundle.conntrackText }),
		...(bundle.sysctl === undefined ? {} : { sysctl: bundle.sysctl }),
		...(meta.hostname === undefined ? {} : { hostName: meta.hostname }),
		...(meta.backend === undefined ? {} : { backend: meta.backend }),
		...(meta.description === undefined
			? {}
			: { description: meta.description }),
		...(meta.time === undefined ? {} : { capturedAt: meta.time }),
		presets: meta.packets ?? [],
		origin,
		commands: meta.commands ?? [],
		notes: meta.notes ?? [],
	};
}

export function loadSample(name: string): Loaded | Failed {
	const dir = path.join(samplesDirectory(), name);
	if (name.includes("/") || name.startsWith(".") || !isDirectory(dir)) {
		return inputError(`No sample named "${name}" in ${samplesDirectory()}.`);
	}
	const read = readBundle(dir);
	return read.ok ? fromBundle(read.bundle, "sample") : inputError(read.error);
}

export async function loadLive(
	options: InputOptions,
): Promise<Loaded | Failed> {
	const env = options.env ?? {};
	const runner = createRunner({
		directories: parseSystemPath(env[systemPathVariable]),
	});
	const result = await captureLive({
		runner,
		conntrack: options.conntrack ?? true,
		rerun: options.liveCommand ?? "iptx --live",
	});
	if (!result.ok) {
		const ran = result.commands.map((command) => `  ran: ${command}`);
		return {
			ok: false,
			error: [
				result.error,
				...(ran.length > 0 ? ["Commands run:", ...ran] : []),
			].join("\n"),
			exitCode: result.needsRoot ? 4 : 3,
		};
	}
	const { capture } = result;
	return {
		ok: true,
		rulesText: capture.rulesText,
		rulesSource: capture.rulesCommand,
		addrText: capture.addrJson,
		routeText: capture.routeJson,
		...(capture.ruleJson === undefined ? {} : { ruleText: capture.ruleJson }),
		...(capture.rules6Text === undefined
			? {}
			: { rules6Text: capture.rules6Text }),
		...(capture.route6Json === undefined
			? {}
			: { route6Text: capture.route6Json }),
		...(capture.ipsetText === undefined
			? {}
			: { ipsetText: capture.ipsetText }),
		...(capture.conntrackText === undefined
			? {}
			: { conntrackText: capture.conntrackText }),
		...(capture.nftJson === undefined
			? {}
			: { nftText: capture.nftJson, nftSource: "nft -j list ruleset" }),
		...(capture.nftMissing === undefined
			? {}
			: { nftMissing: capture.nftMissing }),
		sysctl: capture.sysctl,
		hostName: capture.hostname,
		backend: capture.backend,
		capturedAt: capture.time,
		presets: [],
		origin: "live",
		commands: capture.commands,
		notes: capture.notes,
	};
}
