/**
 * `-m sctp` (xt_sctp.c) and `-m dccp` (xt_dccp.c): ports as for udp; chunk
 * types, DCCP types and options are kept but evaluate to `unknown` because the
 * packet model has no SCTP chunks or DCCP header.
 */
import type { MatchModule } from "./types.js";
import { portOnlyMatch, type UdpMatchData } from "./udp.js";

export const sctpMatch: MatchModule<UdpMatchData> = portOnlyMatch(
	"sctp",
	132,
	{
		"--chunk-types": { arity: [2, 3], invert: true },
	},
	"strict",
);

export const dccpMatch: MatchModule<UdpMatchData> = portOnlyMatch("dccp", 33, {
	"--dccp-types": { arity: 1, invert: true },
	"--dccp-option": { arity: 1, invert: true },
});
