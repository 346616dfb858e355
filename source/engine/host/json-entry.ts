/**
 * Reading `ip -j` JSON whose shape is not trusted: every field is checked
 * for the type `ip` prints before it is used, and a field of the wrong type
 * (`[null]`, `"addr_info": "x"`, `"dst": 5`) is an error naming the entry
 * and the field, never a TypeError.
 */
import type { DiagnosticSink } from "./host-diagnostics.js";

type Kind = "string" | "number" | "array" | "object" | "boolean";

function kindOf(value: unknown): Kind | "null" | "other" {
	if (value === null) return "null";
	if (Array.isArray(value)) return "array";
	const type = typeof value;
	return type === "string" ||
		type === "number" ||
		type === "object" ||
		type === "boolean"
		? type
		: "other";
}

/** One JSON object of a listing, read field by field. */
export class JsonEntry {
	readonly #value: Readonly<Record<string, unknown>>;
	readonly #sink: DiagnosticSink;
	/** Where the entry is, for messages: `entry 2`, `entry 2 addr_info 1`. */
	readonly where: string;

	constructor(
		value: Readonly<Record<string, unknown>>,
		where: string,
		sink: DiagnosticSink,
	) {
		this.#value = value;
		this.where = where;
		this.#sink = sink;
	}

	/** True when the field is there (any type). */
	has(key: string): boolean {
		return this.#value[key] !== undefined;
	}

	#read(key: string, kind: Kind): unknown {
		const value = this.#value[key];
		if (value === undefined) return undefined;
		if (kindOf(value) === kind) return value;
		this.error(
			"bad-json-field",
			`"${key}" is ${JSON.stringify(value)?.slice(0, 40)}, not a ${kind}`,
		);
		return undefined;
	}

	string(key: string): string | undefined {
		return this.#read(key, "string") as string | undefined;
	}

	number(key: string): number | undefined {
		return this.#read(key, "number") as number | undefined;
	}

	boolean(key: string): boolean | undefined {
		return this.#read(key, "boolean") as boolean | undefined;
	}

	/** A field `ip` prints as a string or a number (a table id or name). */
	stringOrNumber(key: string): string | number | undefined {
		const value = this.#value[key];
		return typeof value === "number" ? value : this.string(key);
	}

	/** An array of strings; other elements are errors and left out. */
	strings(key: string): string[] | undefined {
		const list = this.#read(key, "array") as unknown[] | undefined;
		return list?.filter((item): item is string => {
			if (typeof item === "string") return true;
			this.error("bad-json-field", `"${key}" holds a non-string`);
			return false;
		});
	}

	/** An array of objects, each as an entry of its own. */
	entries(key: string): JsonEntry[] {
		const list = this.#read(key, "array") as unknown[] | undefined;
		return jsonEntries(list ?? [], `${this.where} ${key}`, this.#sink);
	}

	/** The objects of an array field as they are (no error for the rest: `entries` reports them). */
	objects(key: string): readonly Record<string, unknown>[] {
		const list = this.#value[key];
		return Array.isArray(list)
			? list.filter(
					(item): item is Record<string, unknown> => kindOf(item) === "object",
				)
			: [];
	}

	/** A nested object. */
	object(key: string): JsonEntry | undefined {
		const value = this.#read(key, "object");
		return value === undefined
			? undefined
			: new JsonEntry(
					value as Record<string, unknown>,
					`${this.where} ${key}`,
					this.#sink,
				);
	}

	/** An error about this entry. */
	error(code: string, message: string): void {
		this.#sink.add("error", code, `${this.where}: ${message}`, 1);
	}
}

/** The objects of a JSON array as entries (`what 1`, `what 2`, ...); other elements are errors. */
export function jsonEntries(
	list: readonly unknown[],
	what: string,
	sink: DiagnosticSink,
): JsonEntry[] {
	const entries: JsonEntry[] = [];
	list.forEach((item, index) => {
		const where = `${what} ${index + 1}`;
		if (kindOf(item) === "object")
			entries.push(new JsonEntry(item as Record<string, unknown>, where, sink));
		else
			sink.add(
				"error",
				"bad-json-field",
				`${where}: ${JSON.stringify(item)?.slice(0, 40)} is not an object`,
				1,
			);
	});
	return entries;
}
