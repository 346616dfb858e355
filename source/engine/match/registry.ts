/**
 * Every match module, by name: the one table the parser and the traversal use.
 * Adding a module is one file plus one line here.
 */
import { icmpMatch } from "./icmp.js";
import { multiportMatch } from "./multiport.js";
import { dccpMatch, sctpMatch } from "./sctp.js";
import { tcpMatch } from "./tcp.js";
import type { AnyMatchModule } from "./types.js";
import { udpliteMatch, udpMatch } from "./udp.js";

const modules: readonly AnyMatchModule[] = [
	tcpMatch,
	udpMatch,
	udpliteMatch,
	sctpMatch,
	dccpMatch,
	icmpMatch,
	multiportMatch,
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
