#!/usr/bin/env node
/**
 * Bundles the command line into dist/cli.js plus lazily loaded chunks, after
 * `tsc` has written dist/: one file per command loads in a fraction of the
 * time Node needs to resolve and compile ~150 modules one by one (iptx check
 * starts ~0.1 s sooner). Packages stay external: they load from
 * node_modules as before. The rest of dist/ (tsc's output) stays for the
 * benchmark scripts and anyone importing the engine.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Chunk names carry a hash: drop the previous build's.
rmSync(join(root, "dist", "chunks"), { recursive: true, force: true });
await build({
	entryPoints: { cli: join(root, "source", "cli.tsx") },
	outdir: join(root, "dist"),
	chunkNames: "chunks/[name]-[hash]",
	bundle: true,
	splitting: true,
	format: "esm",
	platform: "node",
	target: "node20",
	packages: "external",
	tsconfig: join(root, "tsconfig.build.json"),
	logLevel: "warning",
});
