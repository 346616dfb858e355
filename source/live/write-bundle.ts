/**
 * Writing a bundle without ever deleting what iptx did not write. The files
 * go into a fresh temporary folder beside the target and the folder is
 * renamed into place, so the target never holds half a bundle. An existing
 * target is replaced only when it holds nothing but bundle files (regular
 * files with a bundle file's name); the old files are then removed one by
 * one by name, never recursively. Every failure is one line.
 */
import {
	chmodSync,
	lstatSync,
	mkdtempSync,
	readdirSync,
	renameSync,
	rmdirSync,
	statSync,
	unlinkSync,
	writeFileSync,
} from "node:fs";
import path from "node:path";
import process from "node:process";
import { bundleFiles } from "./bundle.js";

export type BundleWrite =
	| { readonly ok: true; readonly files: readonly string[] }
	| { readonly ok: false; readonly error: string };

const bundleNames: ReadonlySet<string> = new Set(
	Object.values(bundleFiles).flat(),
);

/** The reason a system call failed, in words. */
function why(cause: unknown): string {
	const code = (cause as NodeJS.ErrnoException).code;
	switch (code) {
		case "ENOENT":
			return "the folder it goes in does not exist";
		case "EACCES":
		case "EPERM":
		case "EROFS":
			return "permission denied";
		case "ENOTDIR":
			return "a part of the path is not a folder";
		case "ENOSPC":
			return "no space left on the device";
		default:
			return code ?? String(cause);
	}
}

function isFolder(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/** What is at the target now: nothing, an old bundle (its files), or a reason to refuse. */
function targetState(
	target: string,
	dir: string,
): { readonly old?: readonly string[] } | { readonly error: string } {
	let stats: ReturnType<typeof lstatSync>;
	try {
		stats = lstatSync(target);
	} catch (cause) {
		const code = (cause as NodeJS.ErrnoException).code;
		return code === "ENOENT" ? {} : { error: `${dir}: ${why(cause)}` };
	}
	if (!stats.isDirectory())
		return { error: `${dir} exists and is not a folder: choose a new folder` };
	const entries = readdirSync(target);
	const foreign = entries.filter(
		(name) =>
			!bundleNames.has(name) || !lstatSync(path.join(target, name)).isFile(),
	);
	if (foreign.length > 0)
		return {
			error: `${dir} holds files iptx did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""}): choose an empty or new folder`,
		};
	return entries.length > 0 ? { old: entries } : {};
}

/** Removes a folder iptx filled with the named files; leaves anything else. */
function removeFiles(dir: string, names: readonly string[]): void {
	for (const name of names) {
		try {
			unlinkSync(path.join(dir, name));
		} catch {
			// Already gone: nothing of the user's is touched either way.
		}
	}
	try {
		rmdirSync(dir);
	} catch {
		// Not empty: something iptx did not write appeared; it stays.
	}
}

/** Renames `staging` to `target`, moving an old bundle aside first and removing it after. */
function moveIntoPlace(
	staging: string,
	target: string,
	old: readonly string[] | undefined,
): void {
	if (old === undefined) {
		renameSync(staging, target);
		return;
	}
	const aside = `${staging}-old`;
	renameSync(target, aside);
	try {
		renameSync(staging, target);
	} catch (cause) {
		renameSync(aside, target);
		throw cause;
	}
	removeFiles(aside, old);
}

/**
 * Writes `files` (name → content) as the bundle folder `dir`.
 * @returns the file names written, or a one-line error naming `dir`.
 */
export function writeBundle(
	dir: string,
	files: Readonly<Record<string, string>>,
): BundleWrite {
	const target = path.resolve(dir);
	const state = targetState(target, dir);
	if ("error" in state) return { ok: false, error: state.error };
	const parent = path.dirname(target);
	let staging: string;
	try {
		staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.iptx-`));
		// mkdtemp makes it private; a bundle is a folder like any other.
		chmodSync(staging, 0o777 & ~process.umask());
	} catch (cause) {
		const exists = isFolder(parent);
		return {
			ok: false,
			error: `cannot write ${dir}: ${exists && (cause as NodeJS.ErrnoException).code === "ENOENT" ? `no folder can be made in ${parent}` : why(cause)}`,
		};
	}
	const written: string[] = [];
	try {
		for (const [name, content] of Object.entries(files)) {
			written.push(name);
			writeFileSync(path.join(staging, name), content, { flag: "wx" });
		}
		moveIntoPlace(staging, target, state.old);
	} catch (cause) {
		removeFiles(staging, written);
		return { ok: false, error: `cannot write ${dir}: ${why(cause)}` };
	}
	return { ok: true, files: Object.keys(files) };
}
