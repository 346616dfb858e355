/**
 * Conntrack zones (nf_conntrack_zone.h): a zone id is part of the key a
 * connection is found by, so one tuple may be two connections in two zones.
 * A zone may apply to one direction only (`CT --zone-orig`, `ct original
 * zone set`): the other direction's tuple is then filed in zone 0.
 */

import { tupleKey } from "./tuple.js";
import type { Tuple } from "./types.js";

export type CtZoneDirection = "original" | "reply";

/** A zone as a template or a connection carries it (struct nf_conntrack_zone). */
export type CtZone = {
	/** The zone id (16 bits); 0 is the default zone. */
	readonly zone: number;
	/** Absent: both directions (NF_CT_DEFAULT_ZONE_DIR). */
	readonly zoneDirection?: CtZoneDirection;
};

/** The zone of a packet without a template (nf_ct_zone_dflt). */
export const defaultZone: CtZone = { zone: 0 };

/** nf_ct_zone_id: the zone a tuple of direction `direction` is filed in. */
export function zoneIdIn(zone: CtZone, direction: CtZoneDirection): number {
	return zone.zoneDirection === undefined || zone.zoneDirection === direction
		? zone.zone
		: 0;
}

/**
 * The table's key for a tuple filed in zone `zoneId`: the kernel hashes the
 * zone id with the tuple. Zone 0 keeps the plain tuple key; another zone adds
 * one unit (IPv4 keys are seven units, so the two never meet).
 */
export function zonedTupleKey(tuple: Tuple, zoneId: number): string {
	const key = tupleKey(tuple);
	if (zoneId === 0) return key;
	return typeof tuple.src === "number"
		? key + String.fromCharCode(zoneId & 0xffff)
		: `${key}|z${zoneId}`;
}

/** How a zone is written in notes: `zone 5`, `zone 5 (original direction)`. */
export function describeZone(zone: CtZone): string {
	return `zone ${zone.zone}${zone.zoneDirection === undefined ? "" : ` (${zone.zoneDirection} direction)`}`;
}

/**
 * A conntrack template's zone (`CT --zone 5`, `--zone-orig mark`, nft `ct
 * zone set`): an id, or the packet's mark when conntrack sees it
 * (NF_CT_FLAG_MARK: the low 16 bits), and the directions it applies to.
 */
export type TemplateZone = {
	readonly zone: number | "mark";
	readonly zoneDirection?: CtZoneDirection;
};

/** nf_ct_zone_tmpl: the zone a packet carrying `template` is looked up in, given its mark then. */
export function resolveTemplateZone(
	template: TemplateZone | undefined,
	mark: number,
): CtZone {
	if (template === undefined) return defaultZone;
	const zone = template.zone === "mark" ? mark & 0xffff : template.zone;
	return template.zoneDirection === undefined
		? { zone }
		: { zone, zoneDirection: template.zoneDirection };
}
