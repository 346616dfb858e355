#!/usr/bin/env node
/**
 * Bundles the command line into dist/cli.js plus lazily loaded chunks, after
 * `tsc` has written dist/. One file per command loads in a fraction of the
 * time Node needs to resolve and compile hundreds of modules one by one: the
 * runtime packages (ink, react, meow, ipaddr.js, ...) are bundled too, which
 * takes the explorer's start from ~0.9 s to ~0.35 s, and no command starts
 * Node's CommonJS export scanner. React is built for production (its
 * development build checks every render and is several times slower).
 * Bundled CommonJS that requires Node's own modules gets a real `require`
 * from the banner. dist/lib/engine.js is the engine as one module (sharing
 * chunks with the CLI); the rest of dist/ is tsc's output.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// Development tools stay outside; so does ink's optional devtools client,
// which only loads when DEV=true and is not installed.
const external = [
	...Object.keys(manifest.devDependencies),
	"react-devtools-core",
];
const requireBanner =
	'import { createRequire as createRequireForBundle } from "node:module"; const require = createRequireForBundle(import.meta.url);';

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
	banner: { js: requireBanner },
	tsconfig: join(root, "tsconfig.build.json"),
	define: { "process.env.NODE_ENV": '"production"' },
	logLevel: "warning",
});
