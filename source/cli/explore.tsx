/** `iptx [RULES]`: placeholder until the explorer lands. */
export async function runExplore(_argv: readonly string[]): Promise<number> {
	process.stderr.write("iptx: the explorer is not built yet\n");
	return 2;
}
