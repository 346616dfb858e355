import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
} from "../../../test/helpers/fixture-context.js";
import {
	auditTarget,
	checksumTarget,
	classifyTarget,
	nfqueueTarget,
	synproxyTarget,
} from "./annotation-targets.js";

describe("annotation targets", () => {
	test.each([
		[
			classifyTarget,
			"--set-class 1:10",
			"CLASSIFY: traffic class 1:10 for the qdisc",
		],
		[
			checksumTarget,
			"--checksum-fill",
			"CHECKSUM: fills in a missing checksum",
		],
		[auditTarget, "--type drop", "AUDIT: an audit record (drop) is written"],
		[
			synproxyTarget,
			"--sack-perm --timestamp --wscale 7 --mss 1460",
			"SYNPROXY: answers the handshake itself; not modelled, the packet continues",
		],
	] as const)("%# continue with a note", (target, options, note) => {
		const data = parsedTarget(target, options);
		expect(target.apply(data, makeTargetContext())).toEqual({
			effect: { kind: "continue" },
			changes: { note },
		});
	});

	test.each([
		["--queue-num 3", 3, false],
		["--queue-num 1 --queue-bypass", 1, true],
		["--queue-balance 4:7", 4, false],
		["", 0, false],
	])("NFQUEUE %s", (options, queue, bypass) => {
		const data = parsedTarget(nfqueueTarget, options);
		const result = nfqueueTarget.apply(data, makeTargetContext());
		expect(result.effect).toEqual({ kind: "queue", queue, bypass });
		expect(result.changes?.note).toMatch(/userspace program decides/);
	});

	test("restrictions", () => {
		expect(classifyTarget.tables).toEqual(["mangle"]);
		expect(classifyTarget.hooks).toEqual(["FORWARD", "OUTPUT", "POSTROUTING"]);
		expect(checksumTarget.tables).toEqual(["mangle"]);
	});
});
