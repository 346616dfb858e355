/**
 * The options iptables reads itself, before any module (`-A`, `-s`, `-p`,
 * `-j`, `-m`, ...): each name, long and short, with what it sets, and a bit
 * for each so that repeats are seen with one lookup per word.
 */
import type { CommandName } from "./rule-command.js";

export type HeaderKey =
	| CommandName
	| "source"
	| "destination"
	| "protocol"
	| "in-interface"
	| "out-interface"
	| "fragment"
	| "jump"
	| "goto"
	| "match"
	| "counters"
	| "ipv4"
	| "ipv6"
	| "table"
	| "ignored"
	| "not-in-restore";

const headerOptions = new Map<string, HeaderKey>([
	["-A", "append"],
	["--append", "append"],
	["-I", "insert"],
	["--insert", "insert"],
	["-D", "delete"],
	["--delete", "delete"],
	["-R", "replace"],
	["--replace", "replace"],
	["-N", "new-chain"],
	["--new-chain", "new-chain"],
	["-X", "delete-chain"],
	["--delete-chain", "delete-chain"],
	["-F", "flush"],
	["--flush", "flush"],
	["-Z", "zero"],
	["--zero", "zero"],
	["-P", "policy"],
	["--policy", "policy"],
	["-E", "rename"],
	["--rename-chain", "rename"],
	["-s", "source"],
	["--source", "source"],
	["--src", "source"],
	["-d", "destination"],
	["--destination", "destination"],
	["--dst", "destination"],
	["-p", "protocol"],
	["--protocol", "protocol"],
	["-i", "in-interface"],
	["--in-interface", "in-interface"],
	["-o", "out-interface"],
	["--out-interface", "out-interface"],
	["-f", "fragment"],
	// iptables' long name is `--fragments`; `--fragment` is its prefix.
	["--fragments", "fragment"],
	["-j", "jump"],
	["--jump", "jump"],
	["-g", "goto"],
	["--goto", "goto"],
	["-m", "match"],
	["--match", "match"],
	["-c", "counters"],
	["--set-counters", "counters"],
	["-4", "ipv4"],
	["--ipv4", "ipv4"],
	["-6", "ipv6"],
	["--ipv6", "ipv6"],
	["-t", "table"],
	["--table", "table"],
	["-v", "ignored"],
	["--verbose", "ignored"],
	// iptables-restore refuses these in a rule line (do_parse: "Illegal
	// option", "You cannot use `-w' from iptables-restore").
	["-n", "not-in-restore"],
	["--numeric", "not-in-restore"],
	["-x", "not-in-restore"],
	["--exact", "not-in-restore"],
	["-w", "not-in-restore"],
	["--wait", "not-in-restore"],
	["-W", "not-in-restore"],
	["--wait-interval", "not-in-restore"],
	["-L", "not-in-restore"],
	["--list", "not-in-restore"],
	["-S", "not-in-restore"],
	["--list-rules", "not-in-restore"],
	["-C", "not-in-restore"],
	["--check", "not-in-restore"],
	["--line-numbers", "not-in-restore"],
	["-M", "not-in-restore"],
	["--modprobe", "not-in-restore"],
]);

const headerBits = new Map<HeaderKey, number>();
for (const key of new Set(headerOptions.values()))
	headerBits.set(key, 2 ** headerBits.size);

/** Each header option's key and bit, found with one lookup per word. */
export const headerEntries = new Map<
	string,
	{ readonly key: HeaderKey; readonly bit: number }
>(
	[...headerOptions].map(([name, key]) => [
		name,
		{ key, bit: headerBits.get(key) ?? 0 },
	]),
);

/**
 * Short header options that take no argument: getopt reads them grouped
 * with the next letter in one word (`-fj ACCEPT` is `-f -j ACCEPT`).
 */
export const shortFlags: ReadonlySet<string> = new Set([
	"f",
	"v",
	"4",
	"6",
	"n",
	"x",
]);

/**
 * Short header options whose value iptables takes as `argv[optind-1]`, the
 * whole word, when it is attached: `-sfoo` is the host `-sfoo`, `-jACCEPT`
 * the target `-jACCEPT` (xshared.c do_parse).
 */
export const wholeWordValues: ReadonlySet<HeaderKey> = new Set([
	"source",
	"destination",
	"protocol",
	"jump",
]);
