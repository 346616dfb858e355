/**
 * The commands on nftables hosts, as a user runs them: the explorer (not on
 * a terminal: the text traces of the presets) on the docker29-nft sample,
 * and `trace`/`replay` saying NFT NOT GIVEN when iptables-save says the host
 * has nft tables that were not given.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "iptx-nft-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("iptx --sample docker29-nft: the presets traced through the nft chains", () => {
	const run = runCli(["--sample", "docker29-nft"]);
	expect(run.status).toBe(0);
	expect(run.stdout).toContain(
		"nft ip docker-bridges chain raw-PREROUTING (priority -300)",
	);
	expect(run.stdout).toContain("fate: forwarded out of docker0");
});

test("trace and replay on rules whose iptables-save names nft tables: NFT NOT GIVEN on stderr", () => {
	const rules = path.join(dir, "rules.v4");
	writeFileSync(
		rules,
		"# Table `docker-bridges' is incompatible, use 'nft' tool.\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n",
	);
	const trace = runCli([
		"trace",
		rules,
		"tcp 10.0.2.3:45000 > 192.0.2.2:22 in eth0 syn",
	]);
	expect(trace.stderr).toContain("iptx trace: NFT NOT GIVEN:");
	expect(trace.stderr).toContain("--nft FILE");
	const packets = path.join(dir, "packets.log");
	writeFileSync(
		packets,
		"IN=eth0 OUT= MAC=02:00:0a:00:02:0f:02:00:0a:00:02:03:08:00 SRC=10.0.2.3 DST=192.0.2.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=45000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0\n",
	);
	const replay = runCli(["replay", "--rules", rules, "--packets", packets]);
	expect(replay.stderr).toContain("iptx replay: NFT NOT GIVEN:");
});
