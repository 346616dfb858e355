#!/usr/bin/env node
/**
 * Bundles the command line into dist/cli.js plus lazily loaded chunks, after
 * `tsc` has written dist/: one file per command loads in a fraction of the
 * time Node needs to resolve and compile ~150 modules one by one (iptx check
 * starts ~0.1 s sooner). Packages stay external, loading from node_modules,
 * except the engine's one CommonJS dependency, ipaddr.js: importing CommonJS
 * from ESM makes Node start its CommonJS export scanner, about 30 ms that
 * every command would pay. dist/lib/engine.js is the engine as one module
 * (sharing chunks with the CLI); the rest of dist/ is tsc's output.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const bundled = new Set(["ipaddr.js"]);
const external = Object.keys({
	...manifest.dependencies,
	...manifest.devDependencies,
}).filter((name) => !bundled.has(name));

// Chunk names carry a hash: drop the previous build's.
rmSync(join(root, "dist", "chunks"), { recursive: true, force: true });
rmSync(join(root, "dist", "lib"), { recursive: true, force: true });
await build({
	entryPoints: {
		cli: join(root, "source", "cli.tsx"),
		// The engine as one module, for scripts and programs that import it.
		"lib/engine": join(root, "source", "engine", "index.ts"),
	},
	outdir: join(root, "dist"),
	chunkNames: "chunks/[name]-[hash]",
	bundle: true,
	splitting: true,
	format: "esm",
	platform: "node",
	target: "node20",
	external,
	tsconfig: join(root, "tsconfig.build.json"),
	logLevel: "warning",
});
