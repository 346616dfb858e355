/**
 * Ports and port ranges as the tcp/udp/multiport/NAT options take them:
 * `22`, `ssh`, `1024:65535`, `1024:` (to 65535), `:1023` (from 0).
 * Service names come from an embedded table of common `/etc/services` entries.
 */

const services: Readonly<Record<string, number>> = {
	ftp: 21,
	"ftp-data": 20,
	ssh: 22,
	telnet: 23,
	smtp: 25,
	domain: 53,
	bootps: 67,
	bootpc: 68,
	tftp: 69,
	http: 80,
	www: 80,
	kerberos: 88,
	pop3: 110,
	sunrpc: 111,
	auth: 113,
	nntp: 119,
	ntp: 123,
	"netbios-ns": 137,
	"netbios-dgm": 138,
	"netbios-ssn": 139,
	imap: 143,
	imap2: 143,
	snmp: 161,
	"snmp-trap": 162,
	bgp: 179,
	ldap: 389,
	https: 443,
	"microsoft-ds": 445,
	isakmp: 500,
	submission: 587,
	syslog: 514,
	ldaps: 636,
	imaps: 993,
	pop3s: 995,
	openvpn: 1194,
	"ms-sql-s": 1433,
	mysql: 3306,
	"ipsec-nat-t": 4500,
	postgresql: 5432,
	x11: 6000,
	"http-alt": 8080,
	smtps: 465,
	rsync: 873,
	nfs: 2049,
	sip: 5060,
	"sip-tls": 5061,
	squid: 3128,
	ircd: 6667,
};

/** A service name's port, matched case-insensitively (getservbyname). */
export function servicePort(text: string): number | undefined {
	const name = text.toLowerCase();
	return Object.hasOwn(services, name) ? services[name] : undefined;
}

/**
 * A port as xtables_parse_port reads it (tcp, multiport): a number read by
 * xtables_strtoui (strtoumax, base 0: leading blanks and `+` allowed, `0x`
 * hex, a leading `0` octal, so `010` is 8 and `08` no number), else a
 * service name; undefined when invalid. Recorded: `--dport 010` is stored
 * as 8, `0x10` as 16, `+3` as 3, and `08` is refused.
 */
export function parsePort(text: string): number | undefined {
	if (plainPort.test(text)) {
		const value = Number(text);
		return value <= 65535 ? value : undefined;
	}
	const match = base0Number.exec(text);
	if (match === null) return servicePort(text);
	const [, hex, octal, decimal] = match;
	const value =
		hex !== undefined
			? Number.parseInt(hex, 16)
			: octal !== undefined
				? Number.parseInt(octal, 8)
				: Number(decimal);
	return value <= 65535 ? value : undefined;
}

/** Decimal without a leading zero (or `0` itself): read as it is. */
const plainPort = /^(?:0|[1-9]\d{0,5})$/;
const base0Number =
	/^[ \t\n\v\f\r]*\+?(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9]\d*))$/;

/** Inclusive bounds; a range read as `a:b` with a > b matches no port. */
export type PortRange = { readonly min: number; readonly max: number };

/**
 * `p`, `a:b`, `:b` (from 0) or `a:` (to 65535); `separator` is `:` as the
 * match options write it. Undefined when a side is malformed.
 */
export function parsePortRange(
	text: string,
	separator = ":",
	reversed: "refuse" | "keep" = "refuse",
): PortRange | undefined {
	const at = text.indexOf(separator);
	if (at === -1) {
		const port = parsePort(text);
		return port === undefined ? undefined : { min: port, max: port };
	}
	const left = text.slice(0, at);
	const right = text.slice(at + 1);
	const min = left === "" ? 0 : parsePort(left);
	const max = right === "" ? 65535 : parsePort(right);
	if (min === undefined || max === undefined) return undefined;
	// tcp, udp and multiport refuse a reversed range ("invalid portrange
	// (min > max)"); conntrack's port options keep it (it then matches nothing).
	if (min > max && reversed === "refuse") return undefined;
	return { min, max };
}

export function inPortRange(port: number, range: PortRange): boolean {
	return port >= range.min && port <= range.max;
}

/** `22` or `1000:2000` as iptables prints a range. */
export function formatPortRange(range: PortRange, separator = ":"): string {
	return range.min === range.max
		? String(range.min)
		: `${range.min}${separator}${range.max}`;
}
