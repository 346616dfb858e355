/** `iptx trace`: placeholder until its issue lands. */
export async function runTrace(_argv: readonly string[]): Promise<number> {
	process.stderr.write("iptx trace: not built yet\n");
	return 2;
}
