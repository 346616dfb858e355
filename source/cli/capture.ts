/** `iptx capture`: placeholder until its issue lands. */
export async function runCapture(_argv: readonly string[]): Promise<number> {
	process.stderr.write("iptx capture: not built yet\n");
	return 2;
}
