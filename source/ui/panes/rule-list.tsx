/**
 * The current chain's rules, numbered as the kernel numbers them. `>` marks
 * the rule under evaluation; each evaluated rule shows matched / not matched;
 * the line under the list says which test failed or what the target did.
 */
import { Text } from "ink";
import { memo } from "react";
import type { Family, NftSet } from "../../engine/index.js";
import { Pane } from "../components/pane.js";
import { WindowedList } from "../components/windowed-list.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs, Theme } from "../lib/glyphs.js";
import type { ChainFrame, RuleStatus } from "../state/chain-frames.js";
import {
	type ChainListing,
	frameRow,
	type ListedRule,
} from "../state/chain-listing.js";
import { lookupText } from "../state/set-hits.js";

export type RuleListProps = {
	/** The chain shown, or undefined before the packet reaches one. */
	readonly listing: ChainListing | undefined;
	/** The trace's visit of this chain, when the packet is in it. */
	readonly frame: ChainFrame | undefined;
	/** False while the user browses: the marks are from the packet's visit of this chain. */
	readonly following: boolean;
	/** Call stack `filter FORWARD › filter DOCKER`. */
	readonly stack: readonly string[];
	/** 0-based row the user selected (browsing), or undefined when following the packet. */
	readonly browseRow: number | undefined;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	readonly escapeText: (text: string) => string;
	/** A named set or map of the chain's nft table (the line under the detail names the element a lookup held). */
	readonly findSet?: (name: string) => NftSet | undefined;
	/** The packet's family: an IPv6 packet's iptables chains are ip6tables' (`ip6` in the title). @default "ipv4" */
	readonly family?: Family;
};

export function RuleList(props: RuleListProps) {
	const { listing, frame, theme, browseRow } = props;
	const g = theme.glyphs;
	if (listing === undefined) {
		return (
			<Pane
				title="Rules"
				focused={props.focused}
				width={props.width}
				height={props.height}
				theme={theme}
				leftRule
			>
				<Text wrap="truncate-end" dimColor>
					{fitText(
						"No chain yet: press n to step into the first table.",
						props.width - 1,
						g.ellipsis,
					)}
				</Text>
			</Pane>
		);
	}
	const current = frameRow(listing, frame);
	const selected = browseRow ?? Math.max(0, current);
	const total = listing.total + 1;
	const listHeight = Math.max(1, props.height - 3);
	const numberWidth = numberColumn(listing);
	const chainTitle =
		props.stack.length > 1 ? props.stack.join(` ${g.arrow} `) : listing.title;
	// An IPv6 packet's x_tables chains are ip6tables': say so, as `ip6tables -t nat -L` would.
	const familyTag =
		props.family === "ipv6" && listing.language === "iptables" ? "ip6 " : "";
	// Cut from the left: the chain the rules belong to is the end of the title.
	const title = fitText(
		`Rules: ${familyTag}${props.escapeText(chainTitle)}`,
		props.width - 3,
		g.ellipsis,
		"start",
	);
	const inner = props.width - 1;
	return (
		<Pane
			title={title}
			focused={props.focused}
			width={props.width}
			height={props.height}
			theme={theme}
			leftRule
		>
			<WindowedList
				total={total}
				selected={selected}
				height={listHeight}
				renderRow={(index) => {
					const rule = listing.rule(index);
					if (!rule) {
						return (
							<EndRow
								key="end"
								text={endText(listing, frame)}
								current={current === index}
								selected={browseRow === index}
								numberWidth={numberWidth}
								width={inner}
								glyphs={g}
							/>
						);
					}
					return (
						<RuleRow
							key={rule.id}
							number={rule.mark}
							numberWidth={numberWidth}
							body={props.escapeText(rule.body)}
							status={frame?.results.get(rule.mark)}
							current={current === index}
							selected={browseRow === index}
							theme={theme}
							width={inner}
						/>
					);
				}}
			/>
			<Text wrap="truncate-end">
				{fitText(
					detailText(listing.rule(selected), listing, frame, props, g.arrow),
					inner,
					g.ellipsis,
				)}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{fitText(
					props.following
						? heldText(listing.rule(selected), frame, props)
						: browseText(props, selected, frame),
					inner,
					g.ellipsis,
				)}
			</Text>
		</Pane>
	);
}

/** What the rule's set and map lookups held (`@ports holds 8080`), under its detail line. */
function heldText(
	rule: ListedRule | undefined,
	frame: ChainFrame | undefined,
	props: RuleListProps,
): string {
	const lookups = rule ? frame?.results.get(rule.mark)?.lookups : undefined;
	if (!lookups) return "";
	const findSet = props.findSet ?? (() => undefined);
	return lookups
		.map((lookup) => props.escapeText(lookupText(lookup, findSet)))
		.join("; ");
}

function browseText(
	props: RuleListProps,
	selected: number,
	frame: ChainFrame | undefined,
): string {
	if (props.following) return "";
	const marks = frame ? "this packet's marks" : "not visited by this packet";
	return `row ${selected + 1}/${props.listing?.total ?? 0}, ${marks} (esc: follow)`;
}

/** Digits of the widest number the column shows (rule numbers or handles). */
function numberColumn(listing: ChainListing): number {
	const last = listing.rule(listing.total - 1)?.mark ?? listing.total;
	return Math.max(String(listing.total + 1).length, String(last).length);
}

function statusGlyph(status: RuleStatus | undefined, theme: Theme): string {
	if (!status) return " ";
	if (status.result === "match") return theme.glyphs.matched;
	if (status.result === "no-match") return theme.glyphs.notMatched;
	return theme.glyphs.unknown;
}

type RuleRowProps = {
	readonly number: number;
	readonly numberWidth: number;
	readonly body: string;
	readonly status: RuleStatus | undefined;
	readonly current: boolean;
	readonly selected: boolean;
	readonly theme: Theme;
	readonly width: number;
};

const RuleRow = memo(function RuleRow({
	number,
	numberWidth,
	body,
	status,
	current,
	selected,
	theme,
	width,
}: RuleRowProps) {
	const marker = `${current ? theme.glyphs.current : " "}${selected ? "*" : " "}`;
	const color =
		theme.color && status
			? status.result === "match"
				? "green"
				: status.result === "no-match"
					? "gray"
					: "yellow"
			: undefined;
	return (
		<Text
			wrap="truncate-end"
			inverse={selected}
			bold={current}
			{...(color ? { color } : {})}
		>
			{fitText(
				`${marker}${String(number).padStart(numberWidth)} ${statusGlyph(status, theme)} ${body}`,
				width,
				theme.glyphs.ellipsis,
			)}
		</Text>
	);
});

function EndRow({
	text,
	current,
	selected,
	numberWidth,
	width,
	glyphs,
}: {
	readonly text: string;
	readonly current: boolean;
	readonly selected: boolean;
	readonly numberWidth: number;
	readonly width: number;
	readonly glyphs: Glyphs;
}) {
	return (
		<Text
			wrap="truncate-end"
			inverse={selected}
			bold={current}
			dimColor={!current}
		>
			{fitText(
				`${current ? ">" : " "}${selected ? "*" : " "}${" ".repeat(numberWidth)}   ${text}`,
				width,
				glyphs.ellipsis,
			)}
		</Text>
	);
}

function endText(listing: ChainListing, frame: ChainFrame | undefined): string {
	if (listing.policy !== undefined) {
		const base = listing.base === undefined ? "" : ` (${listing.base})`;
		return `policy ${listing.policy}${base}`;
	}
	return frame?.end
		? "end of chain: return to the caller"
		: "(end of chain: return)";
}

function detailText(
	rule: ListedRule | undefined,
	listing: ChainListing,
	frame: ChainFrame | undefined,
	props: RuleListProps,
	arrow: string,
): string {
	if (!rule) {
		return frame?.end
			? `end of ${props.escapeText(listing.chain)}: ${frame.end.policy ? `policy ${frame.end.policy}` : "return"}`
			: "";
	}
	const name = `${listing.markLabel}${rule.mark}`;
	const status = frame?.results.get(rule.mark);
	if (!status) {
		return `${name}${rule.line > 0 ? ` line ${rule.line}` : ""}: not evaluated`;
	}
	if (status.result === "match") {
		return `${name} matched${status.target ? ` ${arrow} ${props.escapeText(status.target)}` : ""}`;
	}
	const why = status.failed ? `: ${props.escapeText(status.failed)}` : "";
	return `${name} ${status.result === "unknown" ? `unknown${status.assumed ? " (assumed)" : ""}` : "not matched"}${why}`;
}
