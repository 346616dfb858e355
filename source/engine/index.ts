/**
 * The public engine API: the only barrel. The UI and CLI import from here.
 * Each section is owned by one part of the engine; keep additions in their section.
 */

// --- parse (iptables-save parser, printer, checker)
export {
	type CheckOptions,
	type CheckReport,
	type CheckSummary,
	checkRuleset,
	parseAndCheck,
} from "./check/check-ruleset.js";
export { parseIpsetNames } from "./check/ipset-names.js";
export { findJumpLoops, type JumpLoop } from "./check/jump-loops.js";
export {
	computeReachability,
	type JumpGraph,
	type Reachability,
} from "./check/reachability.js";
export * from "./conntrack/types.js";
// --- model and diagnostics
export * from "./diagnostics.js";
// --- format (LOG lines, packet notation)
export {
	formatDmesgLine,
	formatMessagesLine,
	type LogFraming,
	splitLogFraming,
} from "./format/log-framing.js";
export {
	formatLogLine,
	type LogDevices,
	type LogFlags,
	noLogFlags,
	synthesizeMac,
	traceLogFlags,
} from "./format/log-line.js";
export {
	type PacketSpecResult,
	parsePacketSpec,
} from "./format/packet-spec.js";
export {
	type LogParseFailure,
	type ParsedLogPacket,
	parseLogPacket,
} from "./format/parse-log-packet.js";
export { escapeTerminalText, formatPacketShort } from "./format/short.js";
export { type AssumedHost, assumeHost } from "./host/assume-host.js";
export type * from "./host/host-view.js";
export { createHostView } from "./host/host-view-impl.js";
export { buildLocalTable, type LocalEntry } from "./host/local-table.js";
export {
	hostFromParts,
	kernelPrefixRoutes,
	parseHost,
} from "./host/parse-host.js";
export { parseIpAddr } from "./host/parse-ip-addr.js";
export { parseIpRoute, routeFormat } from "./host/parse-ip-route.js";
export { parseIpRule } from "./host/parse-ip-rule.js";
export { parseIpsetSave } from "./host/parse-ipset.js";
export {
	defaultRules,
	type PolicyResult,
	type RuleFlow,
	resolvePolicy,
	ruleMatches,
} from "./host/policy-routing.js";
export { tableIdOf } from "./host/route-tables.js";
export { rpFilterNote, settingsFromSysctl } from "./host/sysctl.js";
// --- match and target registries
export { findMatchModule, matchModuleNames } from "./match/registry.js";
export type * from "./match/types.js";
export * from "./model/host.js";
export * from "./model/packet.js";
export * from "./model/ruleset.js";
// --- host (ip addr / ip route / route -n, route lookup, addrtype)
export { formatAddress, formatEndpoint } from "./net/address.js";
export { formatIpv4, parseIpv4 } from "./net/ipv4.js";
export {
	formatIpv6,
	formatIpv6Network,
	type Ipv6Network,
	parseIpv6,
	parseIpv6Network,
} from "./net/ipv6.js";
export { formatMac, parseMac } from "./net/mac.js";
export {
	formatPortRange,
	type PortRange,
	parsePort,
	parsePortRange,
} from "./net/port-range.js";
export { parseProtocol, protocolModule, protocolName } from "./net/protocol.js";
// --- nftables: the rule language (reading, checking, printing)
export { looksLikeNft } from "./nft/detect.js";
export { priorityName as nftPriorityName } from "./nft/hooks.js";
export { xtablesTables, xtablesToolOf } from "./nft/iptables-nft.js";
export { nftRuleCount, unreadNftChains } from "./nft/later-chain.js";
export {
	loadNft,
	loadNftJson,
	loadNftText,
	type NftLoadResult,
} from "./nft/load-nft.js";
export {
	type NftKernelFeature,
	type NftLoadOptions,
	type NftRelease,
	newestNftRelease,
	nftKernelFeatures,
} from "./nft/load-options.js";
export type * from "./nft/model.js";
export { printExpr as printNftExpr } from "./nft/print-expr.js";
export {
	type NftPrintOptions,
	printElement as printNftSetElement,
	printNftRuleset,
	printNftTable,
} from "./nft/print-ruleset.js";
export { printRule as printNftRule } from "./nft/print-stmt.js";
export {
	type NftBaseChain,
	type NftHost,
	prepareNft,
} from "./nft-eval/nft-host.js";
export {
	elementsHolding as nftElementsHolding,
	type NftKey,
	type NftSetLookup,
} from "./nft-eval/set-index.js";
export { detectFamily } from "./parse/detect-family.js";
export { type ParseOptions, parseRuleset } from "./parse/parse-ruleset.js";
export {
	formatRuleSpec,
	printRule,
	printRuleset,
	quoteWord,
} from "./parse/print-ruleset.js";
export {
	type Token,
	type TokenizeResult,
	tokenizeRuleLine,
} from "./parse/tokenize-line.js";
export {
	metaAt,
	type PacketPlace,
	placeAt,
} from "./report/packet-place.js";
export {
	describeFate,
	eventText,
	formatTraceText,
	type TraceTextOptions,
} from "./report/trace-text.js";
export { findTargetModule, targetModuleNames } from "./target/registry.js";
export type * from "./target/types.js";
export {
	type BridgePort,
	bridgePortsSeen,
	withBridgePorts,
} from "./traverse/bridge-ports.js";
// --- traversal, conntrack, replay
export {
	attachmentKey,
	conntrackEntries,
	createEngineState,
	type EngineState,
	withConnections,
} from "./traverse/engine-state.js";
export { rulesetFor } from "./traverse/family-ruleset.js";
export { replyTo } from "./traverse/reply.js";
export {
	type SimulateOptions,
	type Simulation,
	type SimulationContext,
	simulate,
	type UnknownMatchPolicy,
} from "./traverse/simulate.js";
export type * from "./traverse/trace-types.js";
