/**
 * Flag matches as nft 1.0.6 lists the kernel's bytecode (recorded: fuzz-nft
 * seed 1): `in` and `!` test for any or none of the bits (nft_bitwise, then
 * nft_cmp against zero), while `==` and `!=` compare the whole register with
 * the union of a flag list or `a | b` (`tcp flags & (syn | ack) == syn |
 * ack` lists its right side as `["syn", "ack"]`, `ct state != new |
 * untracked` as `{"|": ["new", "untracked"]}`).
 */
import { expect, test } from "vitest";
import type { NftExpr, NftOp } from "../nft/model.js";
import { compileMatch } from "./compile-match.js";
import type { NftScope } from "./eval-expr.js";

const value = (v: number): NftExpr => ({ kind: "value", value: v });
const list: NftExpr = { kind: "list", items: [value(0x02), value(0x10)] };
const union: NftExpr = {
	kind: "binop",
	op: "|",
	left: value(0x02),
	right: value(0x10),
};

test.each([
	["in", list, 0x02, true],
	["in", list, 0x04, false],
	["!", list, 0x02, false],
	["!", list, 0x04, true],
	["==", list, 0x02, false],
	["==", list, 0x12, true],
	["!=", list, 0x02, true],
	["!=", list, 0x12, false],
	["==", union, 0x12, true],
	["!=", union, 0x08, true],
	["!=", union, 0x12, false],
	["!", value(0x05), 0x02, true],
	["!", value(0x05), 0x04, false],
] as const)("%s %o on %i matches: %s", (op, right, key, matches) => {
	const test = compileMatch({
		kind: "match",
		op: op as NftOp,
		left: value(key),
		right,
	});
	expect(test({} as NftScope)).toBe(matches);
});
