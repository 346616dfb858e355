/** When the explorer opens on its "about these inputs" overlay. */
import type { Session } from "../engine-port.js";
import { nftRulesetOf } from "./nft-listing.js";

/** Something was assumed, something is wrong, or there is nothing to show. */
export function infoMatters(session: Session): boolean {
	return (
		session.assumedHost !== undefined ||
		(session.diagnostics ?? []).some((d) => d.startsWith("error")) ||
		session.nftAbsent !== undefined ||
		(session.context.ruleset.rulesById.size === 0 &&
			(session.context.ruleset6?.rulesById.size ?? 0) === 0 &&
			(nftRulesetOf(session.context)?.tables.length ?? 0) === 0)
	);
}
