/**
 * Which answer an nft `reject` sends, named as x_tables REJECT's
 * `--reject-with` so the reject code of both languages is shared: `tcp
 * reset`, an `icmp`/`icmpv6` type of the packet's family, or an `icmpx`
 * code that nft_reject_inet maps per family (port-unreachable, admin-
 * prohibited, no-route, host-unreachable).
 */
import { isIpv6 } from "../model/packet.js";
import type { NftStmt } from "../nft/model.js";
import type { Run } from "./run.js";

const icmpxNames: Readonly<Record<string, readonly [string, string]>> = {
	"port-unreachable": ["icmp-port-unreachable", "icmp6-port-unreachable"],
	"admin-prohibited": ["icmp-admin-prohibited", "icmp6-adm-prohibited"],
	"no-route": ["icmp-net-unreachable", "icmp6-no-route"],
	"host-unreachable": ["icmp-host-unreachable", "icmp6-addr-unreachable"],
};

const icmpNames: Readonly<Record<string, string>> = {
	"prot-unreachable": "icmp-proto-unreachable",
	"admin-prohibited": "icmp-admin-prohibited",
};

const icmp6Names: Readonly<Record<string, string>> = {
	"admin-prohibited": "icmp6-adm-prohibited",
};

/** The x_tables `--reject-with` name of an nft reject for this packet. */
export function rejectWith(
	run: Run,
	stmt: Extract<NftStmt, { kind: "reject" }>,
): string {
	const v6 = isIpv6(run.packet);
	const code = stmt.code ?? "port-unreachable";
	switch (stmt.type) {
		case "tcp reset":
			return "tcp-reset";
		case "icmp":
			return icmpNames[code] ?? `icmp-${code}`;
		case "icmpv6":
			return icmp6Names[code] ?? `icmp6-${code}`;
		default: {
			const names = icmpxNames[code] ?? icmpxNames["port-unreachable"];
			return (names as readonly [string, string])[v6 ? 1 : 0];
		}
	}
}
