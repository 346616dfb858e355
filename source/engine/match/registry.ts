/**
 * Every match module, by name: the one table the parser and the traversal use.
 * Adding a module is one file plus one line here.
 */
import { addrtypeMatch } from "./addrtype.js";
import { commentMatch } from "./comment.js";
import { connbytesMatch } from "./connbytes.js";
import { connlimitMatch } from "./connlimit.js";
import { conntrackMatch, stateMatch } from "./conntrack.js";
import { dscpMatch, ecnMatch } from "./dscp.js";
import { eui64Match } from "./eui64.js";
import { fragMatch } from "./frag.js";
import { hashlimitMatch } from "./hashlimit.js";
import { helperMatch } from "./helper.js";
import { icmp6Match, icmpMatch } from "./icmp.js";
import { iprangeMatch } from "./iprange.js";
import { dstMatch, hbhMatch } from "./ipv6-options.js";
import { ipv6headerMatch } from "./ipv6header.js";
import { lengthMatch } from "./length.js";
import { limitMatch } from "./limit.js";
import { macMatch } from "./mac.js";
import { connmarkMatch, markMatch } from "./mark.js";
import { multiportMatch } from "./multiport.js";
import { nfacctMatch, opaqueMatches } from "./opaque.js";
import { ownerMatch } from "./owner.js";
import { physdevMatch } from "./physdev.js";
import { pkttypeMatch } from "./pkttype.js";
import { policyMatch } from "./policy.js";
import { quotaMatch } from "./quota.js";
import { recentMatch } from "./recent.js";
import { rpfilterMatch } from "./rpfilter.js";
import { rtMatch } from "./rt.js";
import { dccpMatch, sctpMatch } from "./sctp.js";
import { setMatch } from "./set.js";
import { ahMatch, espMatch } from "./spi.js";
import { statisticMatch } from "./statistic.js";
import { stringMatch } from "./string.js";
import { tcpMatch } from "./tcp.js";
import { tcpmssMatch } from "./tcpmss.js";
import { timeMatch } from "./time.js";
import { tosMatch } from "./tos.js";
import { hlMatch, ttlMatch } from "./ttl.js";
import type { AnyMatchModule } from "./types.js";
import { u32Match } from "./u32.js";
import { udpliteMatch, udpMatch } from "./udp.js";

const modules: readonly AnyMatchModule[] = [
	tcpMatch,
	udpMatch,
	udpliteMatch,
	sctpMatch,
	dccpMatch,
	icmpMatch,
	icmp6Match,
	hlMatch,
	ipv6headerMatch,
	fragMatch,
	hbhMatch,
	dstMatch,
	rtMatch,
	eui64Match,
	multiportMatch,
	conntrackMatch,
	stateMatch,
	addrtypeMatch,
	commentMatch,
	markMatch,
	connmarkMatch,
	iprangeMatch,
	macMatch,
	physdevMatch,
	pkttypeMatch,
	ownerMatch,
	lengthMatch,
	ttlMatch,
	tosMatch,
	dscpMatch,
	ecnMatch,
	limitMatch,
	hashlimitMatch,
	statisticMatch,
	recentMatch,
	quotaMatch,
	connlimitMatch,
	setMatch,
	timeMatch,
	policyMatch,
	stringMatch,
	u32Match,
	helperMatch,
	espMatch,
	ahMatch,
	tcpmssMatch,
	nfacctMatch,
	rpfilterMatch,
	connbytesMatch,
	...opaqueMatches,
];

const byName = new Map<string, AnyMatchModule>(
	modules.map((module) => [module.name, module]),
);

/** The module loaded by `-m NAME`, or undefined when iptx does not know it. */
export function findMatchModule(name: string): AnyMatchModule | undefined {
	return byName.get(name);
}

export function matchModuleNames(): readonly string[] {
	return [...byName.keys()];
}
