/** Terminal size that follows `resize` (Ink 6 has no window-size hook). */
import { useStdout } from "ink";
import { useEffect, useState } from "react";

export type TerminalSize = { readonly columns: number; readonly rows: number };

/** Falls back to 80×24 when the stream does not know its size (pipes, tests). */
export function useTerminalSize(): TerminalSize {
	const { stdout } = useStdout();
	const read = (): TerminalSize => ({
		columns: stdout.columns || 80,
		rows: stdout.rows || 24,
	});
	const [size, setSize] = useState<TerminalSize>(read);
	useEffect(() => {
		const onResize = () =>
			setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
		stdout.on("resize", onResize);
		return () => {
			stdout.off("resize", onResize);
		};
	}, [stdout]);
	return size;
}
