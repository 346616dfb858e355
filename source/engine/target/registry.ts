/**
 * Every extension target, by name: the one table the parser and the traversal
 * use. ACCEPT, DROP, RETURN, QUEUE and chain names are not extensions.
 */
import {
	auditTarget,
	checksumTarget,
	classifyTarget,
	nfqueueTarget,
	synproxyTarget,
} from "./annotation-targets.js";
import { connmarkTarget } from "./connmark.js";
import {
	dscpTarget,
	hlTarget,
	tosTarget,
	ttlTarget,
} from "./header-targets.js";
import { logTarget } from "./log.js";
import { markTarget } from "./mark.js";
import {
	dnatTarget,
	masqueradeTarget,
	netmapTarget,
	redirectTarget,
	snatTarget,
} from "./nat-targets.js";
import { nflogTarget, ulogTarget } from "./nflog.js";
import { otherTargets } from "./obsolete-targets.js";
import { ctTarget, notrackTarget, traceTarget } from "./raw-targets.js";
import { rejectTarget } from "./reject.js";
import { setTarget } from "./set.js";
import { tcpmssTarget } from "./tcpmss.js";
import { tproxyTarget } from "./tproxy.js";
import type { AnyTargetModule } from "./types.js";

const targets: readonly AnyTargetModule[] = [
	logTarget,
	nflogTarget,
	ulogTarget,
	rejectTarget,
	dnatTarget,
	snatTarget,
	masqueradeTarget,
	redirectTarget,
	netmapTarget,
	markTarget,
	connmarkTarget,
	notrackTarget,
	ctTarget,
	traceTarget,
	ttlTarget,
	hlTarget,
	tosTarget,
	dscpTarget,
	classifyTarget,
	checksumTarget,
	tcpmssTarget,
	auditTarget,
	setTarget,
	tproxyTarget,
	synproxyTarget,
	nfqueueTarget,
	...otherTargets,
];

const byName = new Map<string, AnyTargetModule>(
	targets.map((target) => [target.name, target]),
);

export function findTargetModule(name: string): AnyTargetModule | undefined {
	return byName.get(name);
}

export function targetModuleNames(): readonly string[] {
	return [...byName.keys()];
}
