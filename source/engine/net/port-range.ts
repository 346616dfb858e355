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

/** A port number or service name; undefined when invalid. */
export function parsePort(text: string): number | undefined {
	if (text.length > 0 && text.length <= 5 && /^\d+$/.test(text)) {
		const value = Number(text);
		return value <= 65535 ? value : undefined;
	}
	return Object.hasOwn(services, text) ? services[text] : undefined;
}

export type PortRange = { readonly min: number; readonly max: number };

/**
 * `a`, `a:b`, `a:` or `:b` (also `a-b` when `allowDash`, as NAT targets
 * write it). Undefined when malformed or when min > max.
 */
export function parsePortRange(
	text: string,
	allowDash = false,
): PortRange | undefined {
	let sep = text.indexOf(":");
	if (sep === -1 && allowDash) sep = text.indexOf("-");
	if (sep === -1) {
		const port = parsePort(text);
		return port === undefined ? undefined : { min: port, max: port };
	}
	const left = text.slice(0, sep);
	const right = text.slice(sep + 1);
	const min = left === "" ? 0 : parsePort(left);
	const max = right === "" ? 65535 : parsePort(right);
	if (min === undefined || max === undefined || min > max) return undefined;
	return { min, max };
}

export function formatPortRange(range: PortRange): string {
	return range.min === range.max
		? String(range.min)
		: `${range.min}:${range.max}`;
}
