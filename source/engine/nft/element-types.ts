/**
 * nft reads a named set's elements as the set's declared type before the
 * kernel sees them (datatype parse callbacks): a word where an IPv4
 * address goes is a hostname to resolve (none resolves in a fresh network
 * namespace but `localhost`), a port beyond 65535 is out of range, a mark
 * must be a number. Only these types are checked: others (service names,
 * MAC addresses, symbolic constants) take names iptx does not list.
 * Measured with nft 1.0.6.
 */
import { parseIpv4 } from "../net/ipv4.js";
import type { NftExpr, NftOrigin } from "./model.js";

export type ElementTypeProblem = {
	readonly at: NftOrigin | undefined;
	readonly length: number;
	readonly message: string;
};

function valueProblem(
	value: string | number | boolean,
	type: string,
): string | undefined {
	const text = String(value);
	switch (type) {
		case "ipv4_addr":
			return typeof value === "string" &&
				parseIpv4(value) === undefined &&
				!/^\d+$/.test(value) &&
				value !== "localhost"
				? "Could not resolve hostname: Temporary failure in name resolution"
				: undefined;
		case "inet_service":
			return /^\d+$/.test(text) && Number(text) > 65535
				? "Service out of range"
				: undefined;
		case "mark":
			return /^(0x[0-9a-f]+|\d+)$/i.test(text)
				? undefined
				: "Could not parse packet mark";
		default:
			return undefined;
	}
}

function keyOf(element: NftExpr): NftExpr {
	if (element.kind === "elem") return keyOf(element.value);
	if (element.kind === "mapping") return keyOf(element.key);
	return element;
}

/** The values of one key part: itself, or a range's or prefix's ends. */
function valuesOf(part: NftExpr): NftExpr[] {
	if (part.kind === "range") return [part.from, part.to];
	if (part.kind === "prefix") return [part.addr];
	return [part];
}

/** The first part of an element nft cannot read as the set's key type (`a . b` for concatenations). */
export function elementTypeProblem(
	element: NftExpr,
	keyType: string,
): ElementTypeProblem | undefined {
	const types = keyType.split(" . ");
	const key = keyOf(element);
	// `*`: the catch-all element, of every key type.
	if (key.kind === "value" && key.value === "*") return undefined;
	const parts = key.kind === "concat" ? key.parts : [key];
	for (const [i, part] of parts.entries())
		for (const value of valuesOf(part)) {
			if (value.kind !== "value") continue;
			const message = valueProblem(value.value, types[i] ?? "");
			if (message)
				return {
					at: value.origin,
					length: String(value.value).length,
					message,
				};
		}
	return undefined;
}
