/**
 * More nft vocabulary for `--family nft`, drawn from a stream of its own so
 * that every rule keeps the base draws of nft-rules.mjs and only gains a
 * match or a statement (seeds 1-30 were recorded before it): protocol and
 * family tests, conntrack original-direction keys and zone, header
 * mangling, quotas and dynamic set updates.
 */
import { addresses } from "./nft-rules.mjs";
import { createRandom } from "./random.mjs";

/** The extra stream of an nft seed. */
export function nftExtraRandom(seed) {
	return createRandom((Math.imul(seed, 0xc2b2ae35) ^ 0x165667b1) >>> 0);
}

/** Whether a rule's matches already name a transport protocol. */
const namesProtocol = (parts) =>
	parts.some((p) =>
		/^(tcp|udp|th|icmp|icmpv6|meta l4proto|ip6? saddr \.) /.test(p),
	);

/** A match to put before a rule's own `parts` (`family`: the one the rule tests). */
export function extraMatch(x, ctx, family, parts) {
	const choices = [
		() => `ct original ${family} saddr ${x.pick(addresses[family].hosts)}`,
		() => `ct l3proto ${family === "ip" ? "ipv4" : "ipv6"}`,
		() => `${family} dscp ${x.pick(["cs0", "cs1", "af41"])}`,
		() => `ct zone ${x.pick([0, 1])}`,
		() => `meta mark & 0xff ${x.pick(["== 0x1", "!= 0x0"])}`,
	];
	if (ctx.tableFamily === "inet")
		choices.push(() => `meta nfproto ${family === "ip" ? "ipv4" : "ipv6"}`);
	if (family === "ip")
		choices.push(() => `ip frag-off & 0x1fff ${x.pick(["!= 0", "== 0"])}`);
	if (!namesProtocol(parts))
		choices.push(
			() =>
				family === "ip"
					? `ip protocol ${x.pick(["tcp", "udp", "icmp", "{ tcp, udp }"])}`
					: `ip6 nexthdr ${x.pick(["tcp", "udp", "icmpv6", "{ tcp, icmpv6 }"])}`,
			() => `udp length ${x.pick(["0-40", "41-1500"])}`,
		);
	return x.pick(choices)();
}

/** A statement that lets the packet go on, to put before a rule's verdict. */
export function extraStatement(x, ctx, family) {
	const choices = [
		() =>
			`quota ${x.chance(0.5) ? "over " : ""}${x.pick([200, 600, 2000])} bytes`,
		() => `${family} dscp set ${x.pick(["cs1", "af21", "cs0"])}`,
		() => `meta priority set ${x.pick(["1:10", "none"])}`,
	];
	if (family === "ip" && ctx.hook !== "output" && ctx.hook !== "postrouting")
		choices.push(() => `ip ttl set ${x.pick([63, 2])}`);
	if (ctx.dynamic?.family === family)
		choices.push(() => `update @${ctx.dynamic.name} { ${family} daddr }`);
	return x.pick(choices)();
}
