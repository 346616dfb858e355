/**
 * Set names from `ipset save` output (`create NAME TYPE ...` lines), so
 * `iptx check --ipset FILE` knows which sets `-m set` may refer to.
 */
export function parseIpsetNames(text: string): ReadonlySet<string> {
	const names = new Set<string>();
	for (const line of text.split("\n")) {
		const words = line.trim().split(/\s+/);
		if ((words[0] === "create" || words[0] === "-N") && words[1])
			names.add(words[1]);
	}
	return names;
}
