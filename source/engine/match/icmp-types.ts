/**
 * iptables' ICMP name table (extensions/libxt_icmp.h `icmpv4_codes`): a name
 * without a code covers every code of its type (0..255); `any` is type 255.
 */
export type IcmpTypeSpec = {
	readonly name: string;
	readonly type: number;
	readonly codeMin: number;
	readonly codeMax: number;
};

const t = (name: string, type: number, min = 0, max = 0xff): IcmpTypeSpec => ({
	name,
	type,
	codeMin: min,
	codeMax: max,
});

export const icmpTypes: readonly IcmpTypeSpec[] = [
	t("any", 0xff),
	t("echo-reply", 0),
	t("pong", 0),
	t("destination-unreachable", 3),
	t("network-unreachable", 3, 0, 0),
	t("host-unreachable", 3, 1, 1),
	t("protocol-unreachable", 3, 2, 2),
	t("port-unreachable", 3, 3, 3),
	t("fragmentation-needed", 3, 4, 4),
	t("source-route-failed", 3, 5, 5),
	t("network-unknown", 3, 6, 6),
	t("host-unknown", 3, 7, 7),
	t("network-prohibited", 3, 9, 9),
	t("host-prohibited", 3, 10, 10),
	t("TOS-network-unreachable", 3, 11, 11),
	t("TOS-host-unreachable", 3, 12, 12),
	t("communication-prohibited", 3, 13, 13),
	t("host-precedence-violation", 3, 14, 14),
	t("precedence-cutoff", 3, 15, 15),
	t("source-quench", 4),
	t("redirect", 5),
	t("network-redirect", 5, 0, 0),
	t("host-redirect", 5, 1, 1),
	t("TOS-network-redirect", 5, 2, 2),
	t("TOS-host-redirect", 5, 3, 3),
	t("echo-request", 8),
	t("ping", 8),
	t("router-advertisement", 9),
	t("router-solicitation", 10),
	t("time-exceeded", 11),
	t("ttl-exceeded", 11),
	t("ttl-zero-during-transit", 11, 0, 0),
	t("ttl-zero-during-reassembly", 11, 1, 1),
	t("parameter-problem", 12),
	t("ip-header-bad", 12, 0, 0),
	t("required-option-missing", 12, 1, 1),
	t("timestamp-request", 13),
	t("timestamp-reply", 14),
	t("address-mask-request", 17),
	t("address-mask-reply", 18),
];

/** ip6tables' ICMPv6 name table (extensions/libip6t_icmp6.c `icmpv6_codes`). */
export const icmp6Types: readonly IcmpTypeSpec[] = [
	t("destination-unreachable", 1),
	t("no-route", 1, 0, 0),
	t("communication-prohibited", 1, 1, 1),
	t("beyond-scope", 1, 2, 2),
	t("address-unreachable", 1, 3, 3),
	t("port-unreachable", 1, 4, 4),
	t("failed-policy", 1, 5, 5),
	t("reject-route", 1, 6, 6),
	t("packet-too-big", 2),
	t("time-exceeded", 3),
	t("ttl-exceeded", 3),
	t("ttl-zero-during-transit", 3, 0, 0),
	t("ttl-zero-during-reassembly", 3, 1, 1),
	t("parameter-problem", 4),
	t("bad-header", 4, 0, 0),
	t("unknown-header-type", 4, 1, 1),
	t("unknown-option", 4, 2, 2),
	t("echo-request", 128),
	t("ping", 128),
	t("echo-reply", 129),
	t("pong", 129),
	t("mld-listener-query", 130),
	t("mld-listener-report", 131),
	t("mld-listener-done", 132),
	t("mld-listener-reduction", 132),
	t("router-solicitation", 133),
	t("router-advertisement", 134),
	t("neighbour-solicitation", 135),
	t("neighbor-solicitation", 135),
	t("neighbour-advertisement", 136),
	t("neighbor-advertisement", 136),
	t("redirect", 137),
];

/**
 * `8`, `3/3` or a name from `table` (case-insensitive; a unique prefix is
 * accepted as iptables does). Undefined when malformed or ambiguous.
 */
export function parseIcmpType(
	text: string,
	table: readonly IcmpTypeSpec[] = icmpTypes,
): IcmpTypeSpec | undefined {
	const numeric = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
	if (numeric) {
		const type = Number(numeric[1]);
		const code = numeric[2] === undefined ? undefined : Number(numeric[2]);
		if (type > 255 || (code !== undefined && code > 255)) return undefined;
		return code === undefined ? t(text, type) : t(text, type, code, code);
	}
	const lower = text.toLowerCase();
	const exact = table.find((spec) => spec.name.toLowerCase() === lower);
	if (exact) return exact;
	const prefixed = table.filter((spec) =>
		spec.name.toLowerCase().startsWith(lower),
	);
	return prefixed.length === 1 ? prefixed[0] : undefined;
}
