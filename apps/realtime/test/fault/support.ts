// Shared pieces of the fault suites: sizes (CI vs PARLEY_FAULT_FULL=1), the realtime server as a
// child process, process-tree signals for PostgreSQL, row counts, and wire clients.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sql } from "@parley/db";
import { CommandType, OpType } from "../../src/protocol/constants.js";
import { WireClient, type WireClientOptions } from "../../bench/lib/wire-client.js";

export { WireClient, ReplyError, RequestTimeoutError, mapLimit, replyFailure } from "../../bench/lib/wire-client.js";

/** Full sizes (10^6 fuzz frames, 30 s PostgreSQL pause…) when PARLEY_FAULT_FULL=1; CI sizes otherwise. */
export const FULL = process.env.PARLEY_FAULT_FULL === "1";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "../..");

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

export interface RealtimeProcess {
  child: ChildProcess;
  port: number;
  wsUrl: string;
  output(): string;
  /** SIGKILL, resolves on exit. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** `tsx src/main.ts` as a child process (the composition root, exactly as deployed). */
export async function startRealtimeProcess(databaseUrl: string, port: number): Promise<RealtimeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(APP_DIR, "src/main.ts")], {
    cwd: APP_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, REALTIME_PORT: String(port), REALTIME_HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const healthy = await waitUntil(async () => {
    if (child.exitCode !== null) return true;
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 30_000, 100);
  if (!healthy || child.exitCode !== null) throw new Error(`realtime process did not start:\n${out}`);
  return {
    child,
    port,
    wsUrl: `ws://127.0.0.1:${port}/`,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The postmaster (from postmaster.pid) and its direct children (backends, checkpointer, walwriter…). */
export function postgresProcessTree(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const pids = [postmaster];
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!(pid > 0)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) pids.push(pid);
    } catch {
      /* gone */
    }
  }
  return pids;
}

export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Row count of every table that a client command could write to. */
/**
 * Row counts once the database is quiet: writes that earlier, valid traffic set off
 * asynchronously (a dropped session's will message, batched watermarks) must land
 * before a later batch is checked for writes of its own.
 */
export async function settledRowCounts(sql: Sql, quietMs = 300, timeoutMs = 10_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let last = await rowCounts(sql);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const next = await rowCounts(sql);
    if (JSON.stringify(next) === JSON.stringify(last) || Date.now() > deadline) return next;
    last = next;
  }
}

export async function rowCounts(sql: Sql): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select tablename as name from pg_tables where schemaname = 'public' and tablename not like '%drizzle%' order by 1`;
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ n: string }[]>(`select count(*)::text as n from "${name.replaceAll('"', '""')}"`);
    out[name] = Number(row!.n);
  }
  return out;
}

/** Connects and opens a session for `clientId`. */
export async function login(url: string, appId: string, clientId: string, options: WireClientOptions = {}): Promise<WireClient> {
  const client = await WireClient.connect(url, options);
  await client.open(appId, clientId);
  return client;
}

export async function startConversation(client: WireClient, members: string[], extra: { transient?: boolean } = {}): Promise<string> {
  const reply = await client.request({ cmd: CommandType.conv, op: OpType.start, convMessage: { m: members, transient: extra.transient ?? false } });
  return reply.convMessage!.cid!;
}

export interface HistoryItem {
  msgId: string;
  timestamp: number;
  data: string;
}

/** Every message of `cid` visible to `client`, oldest first (pages of 1000, direction NEW). */
export async function fullHistory(client: WireClient, cid: string): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  let t: number | undefined;
  let mid: string | undefined;
  for (;;) {
    const reply = await client.request({ cmd: CommandType.logs, logsMessage: { cid, l: 1000, direction: 2, ...(t !== undefined ? { t, mid } : {}) } });
    const logs = reply.logsMessage?.logs ?? [];
    for (const l of logs) out.push({ msgId: l.msgId!, timestamp: l.timestamp!, data: l.data ?? "" });
    if (logs.length < 1000) return out;
    const last = logs[logs.length - 1]!;
    t = last.timestamp;
    mid = last.msgId;
  }
}
