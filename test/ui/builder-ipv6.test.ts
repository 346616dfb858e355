/**
 * The builder in both families (issue #11): an IPv6 LOG line pasted fills
 * the fields and edits in place (HOPLIMIT=, FLOWLBL=), typed IPv6 fields
 * compose the bracketed short form, a packet is one family, and ICMP and
 * ICMPv6 keep to theirs.
 */
import { describe, expect, test } from "vitest";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Action } from "../../source/ui/state/actions.js";
import {
	builderErrors,
	composeSpec,
	emptyBuilder,
} from "../../source/ui/state/builder.js";
import { hostAddresses } from "../../source/ui/state/builder-reducer.js";
import {
	createInitialState,
	createReducer,
} from "../../source/ui/state/reducer.js";
import type { UiState } from "../../source/ui/state/state.js";
import { dualStackSession } from "./helpers/dual-stack-session.js";

const session = dualStackSession();
const reducer = createReducer(engineAdapter, session);
const send = (state: UiState, ...actions: Action[]) =>
	actions.reduce(reducer, state);
const start = () => createInitialState(engineAdapter, session);

const logged =
	"IN=eth0 OUT= MAC=92:e7:80:08:25:14:0a:88:a5:b7:c3:36:86:dd SRC=fd00:0002:0000:0000:0000:0000:0000:0003 DST=fd00:0002:0000:0000:0000:0000:0000:0015 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=433974 PROTO=TCP SPT=46101 DPT=8080 WINDOW=64800 RES=0x00 SYN URGP=0";

describe("builder: IPv6", () => {
	test("a pasted IPv6 LOG line fills the fields; edits replace HOPLIMIT= and FLOWLBL= in place", () => {
		const pasted = send(
			start(),
			{ type: "open-builder", field: "paste" },
			{ type: "builder-set", field: "paste", value: logged },
		);
		expect(pasted.builder.values).toMatchObject({
			protocol: "tcp",
			src: "fd00:2::3",
			dst: "fd00:2::15",
			hops: "64",
			flow: "433974",
		});
		const sent = send(
			pasted,
			{ type: "builder-set", field: "hops", value: "1" },
			{ type: "builder-set", field: "flow", value: "5" },
			{ type: "builder-submit" },
		);
		expect(sent.run?.spec).toBe(
			logged
				.replace("HOPLIMIT=64", "HOPLIMIT=1")
				.replace("FLOWLBL=433974", "FLOWLBL=5"),
		);
		expect(sent.run?.input.packet).toMatchObject({ ttl: 1, flowLabel: 5 });
	});

	test("typed IPv6 fields compose the bracketed short form", () => {
		const values = {
			...emptyBuilder.values,
			src: "fd00:2::3",
			sport: "45000",
			dst: "fd00:2::15",
			dport: "8080",
			iface: "eth0",
			hops: "2",
			flow: "7",
		};
		expect(builderErrors(values)).toEqual(new Map());
		expect(composeSpec(values)).toBe(
			"tcp [fd00:2::3]:45000 > [fd00:2::15]:8080 in eth0 syn ttl 2 flow 7",
		);
		expect(composeSpec({ ...values, protocol: "icmp6", icmpType: "135" })).toBe(
			"icmp6 fd00:2::3 > fd00:2::15 in eth0 type 135 code 0 ttl 2 flow 7",
		);
	});

	test.each([
		[
			{ src: "fd00:2::3", dst: "10.0.2.15" },
			"dst",
			"the source is of the other family (one packet, one family)",
		],
		[
			{ protocol: "icmp", src: "fd00:2::3", dst: "fd00:2::15" },
			"src",
			"ICMP is IPv4's: choose icmp6 for IPv6",
		],
		[
			{ protocol: "icmp6", src: "10.0.2.3", dst: "10.0.2.15" },
			"src",
			"icmp6 is IPv6's: choose icmp for IPv4",
		],
		[
			{ src: "fd00:2::3", dst: "fd00:2::15", length: "30" },
			"length",
			"need a length 40-65535 (40-byte header plus payload; empty: headers only)",
		],
		[
			{ src: "fd00:2::3", dst: "fd00:2::15", flow: "1048576" },
			"flow",
			"need a flow label 0-1048575 (20 bits)",
		],
	])("%o: %s says %s", (change, field, message) => {
		const values = {
			...emptyBuilder.values,
			sport: "1",
			dport: "2",
			iface: "eth0",
			...change,
		};
		expect(builderErrors(values).get(field as "src")).toBe(message);
	});

	test("switching icmp and icmp6 keeps an echo request an echo request", () => {
		const opened = send(start(), { type: "open-builder", field: "protocol" });
		const six = send(opened, {
			type: "builder-set",
			field: "protocol",
			value: "icmp6",
		});
		expect(six.builder.values.icmpType).toBe("128");
		const four = send(six, {
			type: "builder-set",
			field: "protocol",
			value: "icmp",
		});
		expect(four.builder.values.icmpType).toBe("8");
	});

	test("ctrl+n offers this host's addresses of the other end's family", () => {
		expect(hostAddresses(session, "ipv6")).toContain("fd00:2::15");
		expect(hostAddresses(session, "ipv4")).toContain("10.0.2.15");
		const state = send(
			start(),
			{ type: "open-builder", field: "dst" },
			{ type: "builder-set", field: "src", value: "fd00:2::3" },
			{ type: "builder-set", field: "dst", value: "" },
			{ type: "builder-host-address" },
		);
		expect(hostAddresses(session, "ipv6")).toContain(state.builder.values.dst);
	});
});
