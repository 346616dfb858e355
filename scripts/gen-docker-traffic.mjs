#!/usr/bin/env node
/**
 * Writes N packets of mixed Docker traffic for the samples/docker-seed host
 * in kernel log notation, as /var/log/messages holds them (syslog stamp plus
 * the printk uptime): inbound TCP to the published ports (1002 → container
 * 172.17.0.3, 1000 → the host's own 172.17.0.1), container egress that
 * MASQUERADE hides (TCP, DNS over UDP, ping), probes of closed ports answered
 * by a local RST, and long-lived sessions that keep sending. Flows overlap
 * and ~1,000 packets arrive per second of log time, so connections come and
 * go on the kernel's timeouts. Seeded: the same N and seed give the same lines.
 * Usage: node scripts/gen-docker-traffic.mjs [PACKETS=1000000] [SEED=1]
 */
import { pathToFileURL } from "node:url";

const hostMac = "08:00:27:4e:66:a1";
const gatewayMac = "52:54:00:12:35:02";
const bridgeMac = "02:42:5c:1e:8a:20";
const containers = [
	{ ip: "172.17.0.2", mac: "02:42:ac:11:00:02", port: "veth57a730b" },
	{ ip: "172.17.0.3", mac: "02:42:ac:11:00:03", port: "veth9c01e2f" },
];
const hostIp = "10.0.2.15";
const dnsServer = "10.0.2.3";

function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Where a packet enters: the wire (eth0), a container's veth, or a local socket. */
const from = {
	wire: () => `IN=eth0 OUT= MAC=${hostMac}:${gatewayMac}:08:00`,
	container: (c) =>
		`IN=docker0 OUT= PHYSIN=${c.port} MAC=${bridgeMac}:${c.mac}:08:00`,
	local: () => "IN= OUT=eth0",
};

function tcpLine(from, to, seq, ack, flags, len, id) {
	return `${from.at} SRC=${from.ip} DST=${to.seenIp ?? to.ip} LEN=${len} TOS=0x00 PREC=0x00 TTL=64 ID=${id & 0xffff} DF PROTO=TCP SPT=${from.port} DPT=${to.seenPort ?? to.port} SEQ=${seq >>> 0} ACK=${ack >>> 0} WINDOW=502 RES=0x00 ${flags} URGP=0`;
}

function udpLine(from, to, id, payload) {
	return `${from.at} SRC=${from.ip} DST=${to.seenIp ?? to.ip} LEN=${28 + payload} TOS=0x00 PREC=0x00 TTL=64 ID=${id & 0xffff} DF PROTO=UDP SPT=${from.port} DPT=${to.seenPort ?? to.port} LEN=${8 + payload}`;
}

function icmpLine(from, to, id, type, echoId, seq) {
	return `${from.at} SRC=${from.ip} DST=${to.seenIp ?? to.ip} LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=${id & 0xffff} PROTO=ICMP TYPE=${type} CODE=0 ID=${echoId} SEQ=${seq}`;
}

/**
 * Endpoints: `ip`/`port` are their own; `seenIp`/`seenPort` are what the
 * other side addresses (a published port, or the MASQUERADE address);
 * `at` says where their packets enter.
 */

/** A TCP connection from SYN to the last ACK after both FINs: `a` opens, `b` answers. */
function* tcpConnection(rand, a, b, exchanges) {
	let aSeq = Math.floor(rand() * 2 ** 32);
	let bSeq = Math.floor(rand() * 2 ** 32);
	let aId = Math.floor(rand() * 65536);
	let bId = 0;
	yield tcpLine(a, b, aSeq, 0, "SYN", 60, aId++);
	aSeq++;
	yield tcpLine(b, a, bSeq, aSeq, "ACK SYN", 60, bId++);
	bSeq++;
	yield tcpLine(a, b, aSeq, bSeq, "ACK", 52, aId++);
	for (let i = 0; i < exchanges; i++) {
		const ask = 20 + Math.floor(rand() * 200);
		yield tcpLine(a, b, aSeq, bSeq, "ACK PSH", 52 + ask, aId++);
		aSeq += ask;
		const answer = 100 + Math.floor(rand() * 1300);
		yield tcpLine(b, a, bSeq, aSeq, "ACK PSH", 52 + answer, bId++);
		bSeq += answer;
	}
	yield tcpLine(a, b, aSeq, bSeq, "ACK FIN", 52, aId++);
	aSeq++;
	yield tcpLine(b, a, bSeq, aSeq, "ACK FIN", 52, bId++);
	bSeq++;
	yield tcpLine(a, b, aSeq, bSeq, "ACK", 52, aId);
}

function* udpExchange(rand, a, b, exchanges) {
	for (let i = 0; i < exchanges; i++) {
		yield udpLine(
			a,
			b,
			Math.floor(rand() * 65536),
			20 + Math.floor(rand() * 40),
		);
		yield udpLine(
			b,
			a,
			Math.floor(rand() * 65536),
			40 + Math.floor(rand() * 200),
		);
	}
}

function* ping(rand, a, b, count) {
	const id = Math.floor(rand() * 65536);
	for (let seq = 1; seq <= count; seq++) {
		yield icmpLine(a, b, Math.floor(rand() * 65536), 8, id, seq);
		yield icmpLine(b, a, Math.floor(rand() * 65536), 0, id, seq);
	}
}

/** A SYN to a port nobody listens on, and the host's RST. */
function* probe(rand, client) {
	const seq = Math.floor(rand() * 2 ** 32);
	const host = {
		ip: hostIp,
		port: [22, 80, 443, 2222, 8080][Math.floor(rand() * 5)],
		at: from.local(),
	};
	yield tcpLine(client, host, seq, 0, "SYN", 60, Math.floor(rand() * 65536));
	yield tcpLine(host, client, 0, seq + 1, "ACK RST", 40, 0);
}

function externalIp(rand) {
	return `${[198, 203, 192, 100][Math.floor(rand() * 4)]}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
}

/**
 * Each container takes source ports from its own half of the ephemeral
 * range in turn, so MASQUERADE keeps them (no clash to re-map).
 */
function egressPort(index, counters) {
	const half = 14_000;
	counters[index] = (counters[index] + 1) % half;
	return 32768 + index * half + counters[index];
}

/** One new flow, drawn by weight from the kinds of traffic a Docker host sees. */
function newFlow(rand, counters) {
	const r = rand();
	const index = Math.floor(rand() * containers.length);
	const c = containers[index];
	const client = {
		ip: externalIp(rand),
		port: 32768 + Math.floor(rand() * 28232),
		at: from.wire(),
	};
	const exchanges = 1 + Math.floor(rand() * 4);
	if (r < 0.35) {
		const app = containers[1];
		const server = {
			ip: app.ip,
			port: 1000,
			seenIp: hostIp,
			seenPort: 1002,
			at: from.container(app),
		};
		return tcpConnection(rand, client, server, exchanges);
	}
	if (r < 0.45) {
		const server = {
			ip: "172.17.0.1",
			port: 1000,
			seenIp: hostIp,
			at: from.local(),
		};
		return tcpConnection(rand, client, server, exchanges);
	}
	const inside = {
		ip: c.ip,
		port: egressPort(index, counters),
		seenIp: hostIp,
		at: from.container(c),
	};
	if (r < 0.65) {
		return tcpConnection(
			rand,
			inside,
			{ ip: externalIp(rand), port: 443, at: from.wire() },
			exchanges,
		);
	}
	if (r < 0.85) {
		return udpExchange(
			rand,
			inside,
			{ ip: dnsServer, port: 53, at: from.wire() },
			1 + Math.floor(rand() * 2),
		);
	}
	if (r < 0.92) {
		return ping(
			rand,
			{ ...inside, port: 0 },
			{ ip: externalIp(rand), port: 0, at: from.wire() },
			1 + Math.floor(rand() * 3),
		);
	}
	return probe(rand, client);
}

/** A long-lived session (an SSH-like client of the published port 1002) that keeps sending. */
function session(rand, index) {
	const app = containers[1];
	const client = {
		ip: `100.64.${index >> 8}.${index & 0xff}`,
		port: 40000 + index,
		at: from.wire(),
	};
	const server = {
		ip: app.ip,
		port: 1000,
		seenIp: hostIp,
		seenPort: 1002,
		at: from.container(app),
	};
	return tcpConnection(rand, client, server, Number.POSITIVE_INFINITY);
}

function stamp(seconds) {
	const base = Date.UTC(2026, 11, 2, 6, 0, 0) / 1000 + seconds;
	const date = new Date(base * 1000);
	const month = date.toUTCString().slice(8, 11);
	const day = String(date.getUTCDate()).padStart(2, " ");
	const clock = date.toISOString().slice(11, 19);
	const uptime = (86400 + seconds).toFixed(6).padStart(12, " ");
	return `${month} ${day} ${clock} maddog kernel: [${uptime}] `;
}

/** Yields `count` lines; ~`concurrent` flows are open at any time. */
export function* dockerTraffic(count, seed = 1, concurrent = 64) {
	const rand = mulberry32(seed);
	const counters = containers.map(() => 0);
	const flows = Array.from({ length: concurrent }, () =>
		newFlow(rand, counters),
	);
	const sessions = Array.from({ length: 200 }, (_, i) => session(rand, i));
	let time = 0;
	for (let n = 0; n < count; n++) {
		time += rand() * 0.002;
		let line;
		if (rand() < 0.05) {
			line = sessions[Math.floor(rand() * sessions.length)].next().value;
		} else {
			const slot = Math.floor(rand() * flows.length);
			let next = flows[slot].next();
			while (next.done) {
				flows[slot] = newFlow(rand, counters);
				next = flows[slot].next();
			}
			line = next.value;
		}
		yield stamp(time) + line;
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	const count = Number(process.argv[2] ?? 1_000_000);
	const seed = Number(process.argv[3] ?? 1);
	let chunk = [];
	for (const line of dockerTraffic(count, seed)) {
		chunk.push(line);
		if (chunk.length === 4096) {
			process.stdout.write(`${chunk.join("\n")}\n`);
			chunk = [];
		}
	}
	if (chunk.length > 0) process.stdout.write(`${chunk.join("\n")}\n`);
}
