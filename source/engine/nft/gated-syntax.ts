/**
 * Syntax only some nft releases read, judged for the release chosen: an
 * info where that release reads it, nft's syntax error where it does not.
 */
import type { Diagnostic } from "../diagnostics.js";
import { type NftRelease, releaseHas, releaseOf } from "./load-options.js";
import type { GatedSyntax } from "./token-cursor.js";

export function gatedDiagnostics(
	gated: readonly GatedSyntax[],
	source: string,
	release: NftRelease,
): Diagnostic[] {
	return gated.map(({ feature, token }) => {
		const at = {
			source,
			line: token.line,
			column: token.column,
			length: token.length,
		};
		return releaseHas(release, feature)
			? {
					...at,
					severity: "info",
					code: "nft-release",
					message: `'${token.text}' needs nft ${releaseOf(feature)} or newer`,
				}
			: {
					...at,
					severity: "error",
					code: "syntax-error",
					message: `syntax error, unexpected string '${token.text}' (nft ${release} does not read it; nft ${releaseOf(feature)} does)`,
					fatal: true,
				};
	});
}
