/**
 * `-m rpfilter [--loose] [--validmark] [--accept-local] [--invert]`
 * (ipt_rpfilter.c, raw/mangle PREROUTING): a reverse-path check. The route
 * back to the source must be unicast (or local with `--accept-local`) and
 * leave through the interface the packet came in on (any interface with
 * `--loose`). Looped-back packets and DHCP-style 0.0.0.0 sources to
 * broadcast or link-local multicast always pass. `--invert` flips the result.
 * IPv6 (ip6t_rpfilter.c) looks the source up the same way in the IPv6 routes.
 */
import { reverseRoute6 } from "../host/host-view6.js";
import { isIpv6, type Packet6 } from "../model/packet.js";
import { formatIpv4 } from "../net/ipv4.js";
import { ipv6Class, shortIpv6 } from "../net/ipv6-text.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
} from "./option-values.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

export type RpfilterData = {
	readonly loose: boolean;
	readonly validmark: boolean;
	readonly acceptLocal: boolean;
	readonly invert: boolean;
};

const specs: OptionSpecs = {
	"--loose": { arity: 0 },
	"--validmark": { arity: 0 },
	"--accept-local": { arity: 0 },
	"--invert": { arity: 0 },
};

/**
 * ip6t_rpfilter: loopback and the unspecified source pass; else the route
 * back (strict: through the input device) must exist; a local source passes
 * only with `--accept-local`.
 */
function reversePath6(
	data: RpfilterData,
	context: MatchContext,
	packet: Packet6,
): { pass: boolean; why: string } {
	if (context.inInterface === "lo") return { pass: true, why: "looped back" };
	const source = shortIpv6(packet.src);
	if (ipv6Class(packet.src) === "unspecified")
		return { pass: true, why: "unspecified source" };
	const device = data.loose ? undefined : context.inInterface;
	const back = reverseRoute6(context.host.host, packet.src, device);
	if (back === "local")
		return data.acceptLocal
			? { pass: true, why: `${source} is local (--accept-local)` }
			: { pass: false, why: `${source} is a local address` };
	return back === "via"
		? {
				pass: true,
				why: `a route back to ${source}${device ? ` via ${device}` : ""}`,
			}
		: {
				pass: false,
				why: `no route back to ${source}${device ? ` via ${device}` : ""}`,
			};
}

function reversePath(
	data: RpfilterData,
	context: MatchContext,
): { pass: boolean; why: string } {
	const packet = context.packet;
	if (isIpv6(packet)) return reversePath6(data, context, packet);
	if (context.inInterface === "lo") return { pass: true, why: "looped back" };
	const dstBroadcast =
		packet.dst === 0xffffffff || (packet.dst & 0xffffff00) >>> 0 === 0xe0000000;
	if (packet.src >>> 24 === 0 && dstBroadcast)
		return { pass: true, why: "zero source to broadcast/local multicast" };
	const decision = context.host.route(
		packet.src,
		data.validmark ? { mark: context.meta.mark } : {},
	);
	const source = formatIpv4(packet.src);
	if (decision.kind === "local") {
		return data.acceptLocal
			? { pass: true, why: `${source} is local (--accept-local)` }
			: { pass: false, why: `${source} is a local address` };
	}
	if (decision.kind !== "unicast")
		return { pass: false, why: `route back to ${source} is ${decision.kind}` };
	if (data.loose || decision.device === context.inInterface)
		return {
			pass: true,
			why: `route back to ${source} via ${decision.device}`,
		};
	return {
		pass: false,
		why: `route back to ${source} leaves via ${decision.device}, not ${context.inInterface}`,
	};
}

export const rpfilterMatch: MatchModule<RpfilterData> = {
	name: "rpfilter",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	allowedHooks: ["PREROUTING"],
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: RpfilterData = {
			loose: false,
			validmark: false,
			acceptLocal: false,
			invert: false,
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const key = {
				"--loose": "loose",
				"--validmark": "validmark",
				"--accept-local": "acceptLocal",
				"--invert": "invert",
			}[option.name];
			if (key !== undefined) data = { ...data, [key]: true };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context): MatchOutcome => {
		const { pass, why } = reversePath(data, context);
		return pass !== data.invert
			? { result: "match", reason: why }
			: { result: "no-match", reason: data.invert ? `--invert: ${why}` : why };
	},
	describe: (data) =>
		[
			"rpfilter",
			...(data.loose ? ["loose"] : []),
			...(data.validmark ? ["validmark"] : []),
			...(data.acceptLocal ? ["accept-local"] : []),
			...(data.invert ? ["invert"] : []),
		].join(" "),
};
