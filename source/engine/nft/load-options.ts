/**
 * What a load of an nft ruleset depends on besides the file: the nft
 * release that reads it, the kernel's configuration and the interfaces that
 * exist. `nft -c -f` judges with all three; iptx says which one a verdict
 * came from.
 */

/** Kernel features a kernel may be built without (Kconfig options). */
export type NftKernelFeature =
	/** CONFIG_NF_FLOW_TABLE: flowtables and `flow add @ft`. */
	| "flowtable"
	/** CONFIG_NFT_BRIDGE_REJECT: `reject` in bridge tables. */
	| "bridge-reject"
	/** CONFIG_NF_CONNTRACK_BRIDGE: `ct` expressions in bridge tables. */
	| "bridge-conntrack"
	/** CONFIG_NFT_QUEUE: `queue`. */
	| "queue";

export const nftKernelFeatures: readonly NftKernelFeature[] = [
	"flowtable",
	"bridge-reject",
	"bridge-conntrack",
	"queue",
];

/** nft releases whose verdicts iptx knows (recorded in the shared corpus). */
export type NftRelease = "1.0.6" | "1.1.3" | "1.1.7";

export const newestNftRelease: NftRelease = "1.1.7";

/** Syntax and evaluation that changed between nft releases. */
export type NftVersionFeature =
	/** `priority dstnat` on a nat output hook, `srcnat` on input. */
	| "nat-priority-names-on-local-hooks"
	/** `fib ... check exists|missing`. */
	| "fib-check";

const sinceRelease: Readonly<Record<NftVersionFeature, NftRelease>> = {
	"nat-priority-names-on-local-hooks": "1.1.3",
	"fib-check": "1.1.7",
};

const releaseOrder: readonly NftRelease[] = ["1.0.6", "1.1.3", "1.1.7"];

export function releaseHas(
	release: NftRelease,
	feature: NftVersionFeature,
): boolean {
	return (
		releaseOrder.indexOf(release) >= releaseOrder.indexOf(sinceRelease[feature])
	);
}

/** The first known release with the feature. */
export function releaseOf(feature: NftVersionFeature): NftRelease {
	return sinceRelease[feature];
}

export type NftLoadOptions = {
	/** File name for diagnostics. @default "-" */
	readonly source?: string;
	/** The nft release to judge with. @default "1.1.7" */
	readonly release?: NftRelease;
	/** Features the kernel lacks. @default none (a full 6.18 kernel) */
	readonly kernelLacks?: readonly NftKernelFeature[];
	/**
	 * Interfaces that exist where the ruleset is loaded (`iif`, `oif` and
	 * netdev devices must). Absent: not known, a warning instead of an error.
	 */
	readonly interfaces?: readonly string[];
	/**
	 * Run the kernel's commit-time checks over each table (jump loops,
	 * statements on hooks that cannot run them). A reader that simulates a
	 * listing the kernel already holds, and keeps only the reading errors,
	 * may skip them: on a kube-proxy table they walk every chain again.
	 * @default true
	 */
	readonly commitChecks?: boolean;
	/**
	 * Keep chain bodies of rules alone unread until a chain's rules are first
	 * asked for (rules-later.ts): the explorer opens a kube-proxy ruleset
	 * without reading 80,000 rules. What reading a body finds wrong is added
	 * to the result's diagnostics when it is read, so `wouldLoad` speaks only
	 * of what was read; `iptx check` reads everything.
	 * @default false
	 */
	readonly readRulesLater?: boolean;
};
