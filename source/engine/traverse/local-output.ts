/**
 * A packet sent by a local process (ip_local_out): its socket and owner, the
 * output route, OUTPUT, a second route when OUTPUT changed the packet
 * (ip_route_me_harder), POSTROUTING, and on `lo` the loop back in.
 */
import { isIpv6 } from "../model/packet.js";
import { attachLoopback, pickUpAttachment } from "./attachments.js";
import {
	entersTimeWait,
	socketKindOf,
	withLocalSocket,
} from "./local-socket.js";
import { routeInput } from "./paths.js";
import { outputRoute6 } from "./paths6.js";
import { flowOf } from "./route-flow.js";
import type { Run } from "./run.js";
import { socketSent } from "./socket-view.js";
import { runHook } from "./stations.js";

const loopbackMac = "00:00:00:00:00:00:00:00:00:00:00:00:08:00";

function outputRoute(run: Run, reason: string): string | undefined {
	const packet = run.packet;
	if (isIpv6(packet)) return outputRoute6(run, packet, reason);
	const decision = run.context.host.route(packet.dst, flowOf(run));
	const device = "device" in decision ? decision.device : undefined;
	if (run.recording)
		run.step({
			kind: "routing",
			reason,
			decision,
			...(device ? { outInterface: device } : {}),
		});
	return device;
}

/** ICMPv6 types the kernel's ndisc and MLD code build (RS, NS, NA, redirect; MLD reports and done). */
const deviceBuiltTypes: ReadonlySet<number> = new Set([
	130, 131, 132, 133, 135, 136, 137, 143,
]);

/**
 * Whether the packet left its builder with skb->dev already set: ndisc and
 * MLD allocate on the device (ndisc_alloc_skb, mld_newpack), and
 * ip6_output passes skb->dev as POSTROUTING's input device, so their
 * LOG lines there read IN=eth0 OUT=eth0; a socket's packets have none.
 */
function builtOnDevice(run: Run): boolean {
	const { packet } = run;
	return (
		isIpv6(packet) &&
		packet.protocol === 58 &&
		packet.icmp !== undefined &&
		deviceBuiltTypes.has(packet.icmp.type)
	);
}

/** A packet sent by a local process: routed first, then OUTPUT and POSTROUTING. */
export function sendLocal(run: Run): void {
	const generated = pickUpAttachment(run) ? "the kernel" : undefined;
	const own = socketKindOf(run.packet, generated);
	const timeWait =
		own === "file" && entersTimeWait(run.sockets, run.packet, run.time);
	run.meta = withLocalSocket(run.meta, timeWait ? "none" : own, run.localOwner);
	// The stack's own replies (REJECT, errors) leave no local socket's state changed.
	if (generated === undefined) socketSent(run);
	if (timeWait)
		run.step({
			kind: "note",
			text: "sent by a TIME_WAIT socket (no owner)",
		});
	let out =
		run.meta.outInterface ??
		outputRoute(run, "output routing decision (socket)");
	if (out === undefined) {
		run.end({
			kind: "dropped",
			by: "routing",
			reason: "no route to the destination",
		});
		return;
	}
	const before = run.packet;
	const markBefore = run.meta.mark;
	if (!runHook(run, "OUTPUT", { inDevice: "", outDevice: out })) return;
	if (
		run.packet.dst !== before.dst ||
		run.packet.src !== before.src ||
		run.meta.mark !== markBefore ||
		run.packet.tos !== before.tos
	) {
		out =
			outputRoute(
				run,
				"routed again after OUTPUT changed the packet (ip_route_me_harder)",
			) ?? out;
	}
	const onDevice = builtOnDevice(run);
	// No link-layer header yet: LOG prints `MAC= ` (nothing with MAC decoding).
	if (onDevice) run.meta = { ...run.meta, mac: "" };
	const inDevice = onDevice ? out : "";
	if (!runHook(run, "POSTROUTING", { inDevice, outDevice: out })) return;
	if (out !== "lo") {
		run.end({ kind: "sent", device: out });
		return;
	}
	if (!run.options.followLoopback) {
		attachLoopback(run);
		run.end({ kind: "looped-back" });
		return;
	}
	run.step({
		kind: "note",
		text: "looped back: the packet comes in again on lo with its connection",
	});
	// loopback_xmit orphans the packet: it arrives with no socket.
	const {
		outInterface: _sent,
		socket: _socket,
		uid: _uid,
		gid: _gid,
		...meta
	} = run.meta;
	run.rewrite("loopback", run.packet, {
		...meta,
		inInterface: "lo",
		mac: loopbackMac,
	});
	if (!runHook(run, "PREROUTING", { inDevice: "lo", outDevice: "" })) return;
	routeInput(run, "lo");
}
