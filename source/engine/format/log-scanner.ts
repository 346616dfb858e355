/**
 * A tiny cursor over one log line. Every LOG field is `KEY=value ` or a bare
 * word followed by one space; the scanner reads them without regexes so that
 * replaying 10,000 lines stays cheap.
 */
import { parseIpv4 } from "../net/ipv4.js";

export class LogSyntaxError extends Error {
	readonly column: number;
	constructor(message: string, column: number) {
		super(message);
		this.column = column;
	}
}

export class LogScanner {
	readonly text: string;
	pos: number;

	constructor(text: string, pos = 0) {
		this.text = text;
		this.pos = pos;
	}

	atEnd(): boolean {
		this.skipSpaces();
		return this.pos >= this.text.length;
	}

	skipSpaces(): void {
		while (this.text.charCodeAt(this.pos) === 32) this.pos++;
	}

	fail(message: string, at = this.pos): never {
		throw new LogSyntaxError(message, at + 1);
	}

	/** True when the next word starts with `word` (not consumed). */
	peek(word: string): boolean {
		this.skipSpaces();
		return this.text.startsWith(word, this.pos);
	}

	/** Consumes `word` when it is the whole next word. */
	acceptWord(word: string): boolean {
		this.skipSpaces();
		if (!this.text.startsWith(word, this.pos)) return false;
		const after = this.text.charCodeAt(this.pos + word.length);
		if (!Number.isNaN(after) && after !== 32) return false;
		this.pos += word.length;
		return true;
	}

	/** The next word up to a space (or `]` when `stopAtBracket`). */
	word(stopAtBracket = false): string {
		this.skipSpaces();
		const start = this.pos;
		const { text } = this;
		while (this.pos < text.length) {
			const c = text.charCodeAt(this.pos);
			if (c === 32 || (stopAtBracket && c === 93)) break;
			this.pos++;
		}
		return text.slice(start, this.pos);
	}

	/** Value of `KEY=`, or undefined (nothing consumed) when the next word is another key. */
	optional(key: string): string | undefined {
		this.skipSpaces();
		const { text } = this;
		if (
			!text.startsWith(key, this.pos) ||
			text.charCodeAt(this.pos + key.length) !== 61
		) {
			return undefined;
		}
		this.pos += key.length + 1;
		const start = this.pos;
		while (this.pos < text.length && text.charCodeAt(this.pos) !== 32) {
			this.pos++;
		}
		return text.slice(start, this.pos);
	}

	field(key: string): string {
		const at = this.pos;
		const value = this.optional(key);
		if (value === undefined) this.fail(`expected ${key}=`, at);
		return value;
	}

	number(key: string, max: number, hex = false): number {
		this.skipSpaces();
		const at = this.pos;
		const quick = hex ? this.quickHex(key, max) : this.quickDecimal(key, max);
		if (quick !== undefined) return quick;
		const raw = this.field(key);
		const value = parseNumber(raw, hex);
		if (value === undefined || value > max) {
			this.fail(`bad ${key} value '${raw}'`, at);
		}
		return value;
	}

	/**
	 * `KEY=digits` read in place, without slicing the value out: most
	 * fields of most lines are plain decimals. Undefined (nothing consumed)
	 * for anything else, which `number` then reads and reports.
	 */
	private quickDecimal(key: string, max: number): number | undefined {
		const { text } = this;
		let i = this.pos + key.length;
		if (text.charCodeAt(i) !== 61 || !text.startsWith(key, this.pos))
			return undefined;
		const start = ++i;
		let value = 0;
		for (; i < text.length && i - start <= 10; i++) {
			const c = text.charCodeAt(i);
			if (c === 32) break;
			if (c < 48 || c > 57) return undefined;
			value = value * 10 + (c - 48);
		}
		if (i === start || i - start > 10 || value > max) return undefined;
		this.pos = i;
		return value;
	}

	/**
	 * `KEY=0x` and one to eight hex digits read in place, as `quickDecimal`
	 * reads decimals (TOS=, PREC=, RES= on every line). Undefined (nothing
	 * consumed) for anything else.
	 */
	private quickHex(key: string, max: number): number | undefined {
		const { text } = this;
		let i = this.pos + key.length;
		if (
			text.charCodeAt(i) !== 61 ||
			text.charCodeAt(i + 1) !== 48 ||
			text.charCodeAt(i + 2) !== 120 ||
			!text.startsWith(key, this.pos)
		)
			return undefined;
		i += 3;
		const start = i;
		let value = 0;
		for (; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 32) break;
			const digit =
				c >= 48 && c <= 57
					? c - 48
					: c >= 97 && c <= 102
						? c - 87
						: c >= 65 && c <= 70
							? c - 55
							: -1;
			if (digit === -1 || i - start >= 8) return undefined;
			value = value * 16 + digit;
		}
		if (i === start || value > max) return undefined;
		this.pos = i;
		return value;
	}

	address(key: string): number {
		this.skipSpaces();
		const at = this.pos;
		const quick = this.quickAddress(key);
		if (quick !== undefined) return quick;
		const raw = this.field(key);
		const value = parseIpv4(raw);
		if (value === undefined) this.fail(`bad ${key} address '${raw}'`, at);
		return value;
	}

	/**
	 * `KEY=a.b.c.d` read in place, as parseIpv4 reads it. Undefined (nothing
	 * consumed) for anything else, which `address` then reads and reports.
	 */
	private quickAddress(key: string): number | undefined {
		const { text } = this;
		let i = this.pos + key.length;
		if (text.charCodeAt(i) !== 61 || !text.startsWith(key, this.pos))
			return undefined;
		let value = 0;
		let part = 0;
		let digits = 0;
		let dots = 0;
		for (i++; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 32) break;
			if (c >= 48 && c <= 57) {
				part = part * 10 + (c - 48);
				if (++digits > 3 || part > 255) return undefined;
			} else if (c === 46 && digits > 0 && dots < 3) {
				value = value * 256 + part;
				part = 0;
				digits = 0;
				dots++;
			} else return undefined;
		}
		if (digits === 0 || dots !== 3) return undefined;
		this.pos = i;
		return (value * 256 + part) >>> 0;
	}

	/** `OPT (HEX) ` as LOG prints IP and TCP options; undefined when absent. */
	options(): string | undefined {
		if (!this.acceptWord("OPT")) return undefined;
		this.skipSpaces();
		const at = this.pos;
		const close = this.text.indexOf(")", at);
		if (this.text.charCodeAt(at) !== 40 || close === -1) {
			this.fail("expected OPT (HEX)", at);
		}
		const hex = this.text.slice(at + 1, close);
		if (!/^[0-9A-F]*$/.test(hex)) this.fail("bad option bytes", at + 1);
		this.pos = close + 1;
		return hex;
	}

	/** `INCOMPLETE [n bytes] `; undefined when absent. */
	incomplete(): number | undefined {
		if (!this.acceptWord("INCOMPLETE")) return undefined;
		this.skipSpaces();
		const at = this.pos;
		const match = /^\[(\d+) bytes\]/.exec(this.text.slice(at, at + 20));
		if (!match?.[1]) this.fail("expected [n bytes]", at);
		this.pos += match[0].length;
		return Number(match[1]);
	}
}

/** Decimal, or hex (`0x` optional) when `hex`; undefined when malformed. */
export function parseNumber(raw: string, hex: boolean): number | undefined {
	if (hex) {
		// Most hex fields are `0x%x`; ICMPv6's POINTER is a bare `%08x`.
		const match = /^(?:0x)?([0-9a-fA-F]{1,8})$/.exec(raw);
		return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 16);
	}
	if (!/^\d{1,10}$/.test(raw)) return undefined;
	return Number(raw);
}
