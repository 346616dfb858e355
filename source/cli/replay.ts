/** `iptx replay`: placeholder until its issue lands. */
export async function runReplay(_argv: readonly string[]): Promise<number> {
	process.stderr.write("iptx replay: not built yet\n");
	return 2;
}
