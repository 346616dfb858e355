/**
 * What the kernel takes as a network device name (`dev_valid_name`): 1 to
 * 15 bytes, not `.` or `..`, no `/`, `:` or white space. A host file naming
 * anything else was not written by `ip`.
 */

/** IFNAMSIZ less the terminating NUL. */
const maxLength = 15;

/** Why `name` cannot be a device name, or undefined when it can. */
export function badDeviceName(name: string): string | undefined {
	if (name === "" || name === "." || name === "..")
		return `'${name}' is not a device name`;
	if (new TextEncoder().encode(name).length > maxLength)
		return `device name '${name.slice(0, 40)}' is longer than ${maxLength} bytes`;
	if (/[/:\s]/.test(name))
		return `device name '${name}' holds '/', ':' or white space`;
	return undefined;
}
