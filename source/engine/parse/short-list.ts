/**
 * `list` with `item` added at the end. A plain first push makes V8 reserve
 * room for 17 elements; a rule line's lists (options, their arguments,
 * matches) hold one to three, so short lists are made at their exact size
 * instead: on a 100,000-rule file that is about 100 MB less garbage.
 */
export function appended<T>(list: T[], item: T): T[] {
	switch (list.length) {
		case 0:
			return [item];
		case 1:
			return [list[0] as T, item];
		case 2:
			return [list[0] as T, list[1] as T, item];
		default:
			list.push(item);
			return list;
	}
}

/**
 * The empty list every rule's lists of objects start as. V8 gives `[]` the
 * elements kind of small integers and `[object]` another, so code reading
 * both kinds deoptimizes when the first rule without an option follows
 * rules with one; lists that start as this one have one kind throughout.
 * It is shared: nothing may push to it (appended() copies short lists).
 */
const emptyObjects: unknown[] = [Object.prototype];
emptyObjects.pop();

export function noItems<T extends object | string>(): T[] {
	return emptyObjects as T[];
}
