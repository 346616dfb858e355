/**
 * One packet's `iptx replay --format jsonl` record, written out by hand: the
 * same text `jsonText({n, trace, log, fate, verdict})` gives, without
 * building the object and scanning the whole line for characters to escape.
 * Trace events and fates repeat from packet to packet (a ruleset has few
 * rules), so their JSON strings are made once and looked up after.
 */
import {
	describeFate,
	eventText,
	type Trace,
	type TraceEvent,
} from "../engine/index.js";
import { jsonText } from "./terminal-out.js";

/**
 * JSON strings of texts seen before, by text. Bounded: a ruleset has few
 * distinct events and fates, but a REJECT fate quotes its packet, so past
 * the bound new texts are escaped each time instead of kept.
 */
const quoted = new Map<string, string>();
const quotedBound = 4096;

/** `text` as jsonText writes a string: JSON with terminal-active characters escaped. */
function repeatedString(text: string): string {
	let json = quoted.get(text);
	if (json === undefined) {
		json = jsonText(text);
		if (quoted.size < quotedBound) quoted.set(text, json);
	}
	return json;
}

/**
 * JSON strings of events by the event itself: x_tables events are made once
 * per rule and shared by every trace (xt-tracer.ts). Bounded like `quoted`:
 * nf_tables events are new each time and past the bound are not kept.
 */
const eventStrings = new Map<TraceEvent, string>();

function eventString(event: TraceEvent): string {
	let json = eventStrings.get(event);
	if (json === undefined) {
		json = repeatedString(eventText(event));
		if (eventStrings.size < quotedBound) eventStrings.set(event, json);
	}
	return json;
}

/** The record `{"n":…,"trace":[…],"log":[…],"fate":…,"verdict":…}` for packet `n`. */
export function jsonlRecord(n: number, trace: Trace): string {
	let text = `{"n":${n},"trace":[`;
	const { events, logs, fate } = trace;
	for (let i = 0; i < events.length; i++) {
		const event = events[i];
		if (event === undefined) continue;
		if (i > 0) text += ",";
		text += eventString(event);
	}
	text += '],"log":[';
	for (let i = 0; i < logs.length; i++) {
		if (i > 0) text += ",";
		text += jsonText(logs[i]);
	}
	return `${text}],"fate":${repeatedString(describeFate(fate))},"verdict":${repeatedString(fate.kind)}}`;
}
