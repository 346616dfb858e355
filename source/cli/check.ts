/** `iptx check`: placeholder until its issue lands. */
export async function runCheck(_argv: readonly string[]): Promise<number> {
	process.stderr.write("iptx check: not built yet\n");
	return 2;
}
