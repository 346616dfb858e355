import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: [
			"source/**/*.test.ts",
			"source/**/*.test.tsx",
			"test/**/*.test.ts",
			"test/**/*.test.tsx",
		],
		env: { FORCE_COLOR: "0" },
		testTimeout: 60_000,
	},
});
