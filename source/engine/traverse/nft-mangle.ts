/**
 * Set statements (`KEY set VALUE`): `meta mark set`, `meta priority set`,
 * `ct mark set`, header rewrites (nft_payload_set), `tcp option ... set`
 * (nft_exthdr). The value is a constant, an expression or a map lookup; one
 * that cannot be loaded breaks the rule.
 */
import { datatypeOf } from "../nft/expr-type.js";
import type { NftStmt } from "../nft/model.js";
import { constantValue } from "../nft-eval/datatypes.js";
import {
	evalKey,
	keyTypes,
	lookup,
	type NftScope,
} from "../nft-eval/eval-expr.js";
import { withTcpOption } from "../nft-eval/tcp-option.js";
import { applyZoneTemplate } from "./ct-template.js";
import { setPayload } from "./nft-payload-set.js";
import type { StatementEnd } from "./nft-statements.js";
import type { Run } from "./run.js";

/** Runs one set statement on the packet, its skb fields or its connection. */
export function mangle(
	run: Run,
	stmt: Extract<NftStmt, { kind: "mangle" }>,
	scope: NftScope,
): StatementEnd {
	const target = stmt.key;
	let value = evalKey(scope, stmt.value);
	if (stmt.value.kind === "value")
		value = constantValue(stmt.value.value, datatypeOf(target));
	if (stmt.value.kind === "map") {
		const key = evalKey(scope, stmt.value.key);
		const data =
			key === undefined
				? undefined
				: lookup(scope, stmt.value.data, key, keyTypes(stmt.value.key));
		value =
			data?.kind === "value" ? constantValue(data.value, "mark") : undefined;
	}
	// A value that cannot be loaded (a map miss, a missing header) breaks the
	// rule; a constant always loads (`ip dscp set cs1`, `ct helper set "ftp"`).
	if (value === undefined && stmt.value.kind !== "value")
		return { kind: "break", failed: "the value to set cannot be loaded" };
	if (typeof value !== "number") {
		run.step({ kind: "note", text: "this set statement is not simulated" });
		return undefined;
	}
	if (target.kind === "meta" && target.key === "mark") {
		if (value !== run.meta.mark)
			run.rewrite("meta mark set", run.packet, { ...run.meta, mark: value });
		return undefined;
	}
	if (target.kind === "selector" && target.name === "tcp option") {
		const after = withTcpOption(run.packet, target.args, value);
		if (after) run.rewrite("tcp option set", after);
		return undefined;
	}
	if (target.kind === "meta" && target.key === "priority") {
		if (value !== (run.meta.priority ?? 0))
			run.rewrite("meta priority set", run.packet, {
				...run.meta,
				priority: value,
			});
		return undefined;
	}
	if (target.kind === "payload") {
		const after = setPayload(run.packet, target, value);
		if (after === "other-family")
			return { kind: "break", failed: "the packet has no such header" };
		if (after) {
			run.rewrite(`${target.protocol} ${target.field} set`, after);
			return undefined;
		}
	}
	if (target.kind === "ct" && target.key === "zone") {
		applyZoneTemplate(run, {
			zone: value & 0xffff,
			...(target.dir === undefined ? {} : { zoneDirection: target.dir }),
		});
		return undefined;
	}
	if (target.kind === "ct" && target.key === "mark" && run.ct.entry) {
		run.updateEntry({ ...run.ct.entry, mark: value });
		run.step({
			kind: "note",
			text: `connection mark set to 0x${value.toString(16)}`,
		});
		return undefined;
	}
	run.step({ kind: "note", text: "this set statement is not simulated" });
	return undefined;
}
