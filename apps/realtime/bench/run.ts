// `pnpm bench` (root) → this file. Starts embedded PostgreSQL in a temp dir, the realtime server
// as its own process (dist/main.js, built first), and load-generator agents (bench/loadgen.ts) as
// child processes speaking the wire protocol. Each scenario steps its offered rate and prints one
// table. Loopback only; bounded in time.
//
//   pnpm bench                         full run (20 s steps)
//   pnpm bench --quick                 5 s steps, smaller datasets
//   pnpm bench --scenarios=group200,pairs --steps=100000,150000
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, createWriteStream } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { AppSettings, type App } from "@parley/core";
import { createDatabase, findFreePort, migrateDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "@parley/db";
import { createCoreRuntime } from "@parley/db/system";
import { Histogram, type SparseHistogram } from "./lib/histogram.js";
import type { AgentRequest } from "./loadgen.js";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLK_TCK = 100;

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : "true";
};
const QUICK = flag("quick") === "true";
const STEP_S = Number(flag("step-seconds") ?? (QUICK ? 5 : 20));
const DRAIN_S = Number(flag("drain-seconds") ?? (QUICK ? 2 : 5));
const ALL = ["group200", "group200x16", "group2000", "pairs", "room", "history", "convlist"] as const;
type ScenarioName = (typeof ALL)[number];
const SCENARIOS = (flag("scenarios")?.split(",") ?? [...ALL]) as ScenarioName[];
const STEPS_OVERRIDE = flag("steps")?.split(",").map(Number);
const HISTORY_MESSAGES = Number(flag("history-messages") ?? (QUICK ? 1_000_000 : 10_000_000));
const CONVERSATIONS = Number(flag("conversations") ?? (QUICK ? 200_000 : 1_000_000));
const ROOM_SIZE = Number(flag("room-size") ?? 5000);
const PAIRS = Number(flag("pairs") ?? 500);
/** Receivers send SDK-like delivery acks (one per conversation per second); --no-acks turns them off. */
const ACKS = flag("no-acks") !== "true";

// ---------------------------------------------------------------- helpers
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
const log = (...a: unknown[]): void => console.error("[bench]", ...a);

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
  } catch {
    return 0;
  }
}
function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}
function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
/** CPU ticks of the postmaster and all its children. */
function pgTicks(postmaster: number): number {
  let total = cpuTicks(postmaster);
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (pid > 0 && parentOf(pid) === postmaster) total += cpuTicks(pid);
  }
  return total;
}

class Agent {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly child: ChildProcess;
  constructor(readonly name: string) {
    this.child = fork(join(APP_DIR, "bench/loadgen.ts"), [], { execArgv: ["--import", "tsx", "--max-old-space-size=4096"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(`${this.name}: ${m.error}`));
      else w.resolve(m.result);
    });
  }
  call<T = Record<string, unknown>>(request: AgentRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await Promise.race([this.call({ op: "close" }).catch(() => undefined), sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

interface ServerProc {
  child: ChildProcess;
  pid: number;
  url: string;
  probe(): Promise<{ loopMaxMs: number; loopP99Ms: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string, logPath: string): Promise<ServerProc> {
  const port = await findFreePort();
  const out = createWriteStream(logPath, { flags: "a" });
  const profile = flag("profile") ? ["--cpu-prof", `--cpu-prof-dir=${flag("profile") === "true" ? join(tmpdir(), "parley-bench-profiles") : flag("profile")}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", join(APP_DIR, "bench/server-probe.mjs"), join(APP_DIR, "dist/main.js")], {
    cwd: APP_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, REALTIME_PORT: String(port), REALTIME_HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`realtime server exited (${child.exitCode}); see ${logPath}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error("realtime server did not become healthy");
    await sleep(100);
  }
  let waiter: ((v: { loopMaxMs: number; loopP99Ms: number; heapUsed: number }) => void) | undefined;
  child.on("message", (m: { type: string; loopMaxMs: number; loopP99Ms: number; heapUsed: number }) => {
    if (m.type === "probe") waiter?.(m);
  });
  return {
    child,
    pid: child.pid!,
    url: `ws://127.0.0.1:${port}/`,
    probe: () =>
      new Promise((resolve) => {
        waiter = resolve;
        child.send({ type: "probe" });
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

// ---------------------------------------------------------------- results table
interface Row {
  scenario: string;
  offered: string;
  deliveredPerS: number;
  perCpuS: number;
  p50: number;
  p99: number;
  rssMb: number;
  loopMaxMs: number;
  serverCpu: number;
  pgCpu: number;
  errors: string;
  note?: string;
}
const rows: Row[] = [];

function printTable(): string {
  const head = ["scenario", "offered", "delivered/s", "deliv/srv-CPU-s", "p50 ms", "p99 ms", "srv RSS MB", "loop max ms", "srv CPU", "pg CPU", "errors", "note"];
  const body = rows.map((r) => [
    r.scenario,
    r.offered,
    fmt(r.deliveredPerS),
    fmt(r.perCpuS),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    fmt(r.rssMb),
    fmt(r.loopMaxMs, 1),
    `${fmt(r.serverCpu * 100)}%`,
    `${fmt(r.pgCpu * 100)}%`,
    r.errors || "0",
    r.note ?? "",
  ]);
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((b) => `| ${b.join(" | ")} |`)];
  return lines.join("\n");
}

const errorText = (...maps: Array<Record<string, number> | undefined>): string => {
  const sum: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m ?? {})) sum[k] = (sum[k] ?? 0) + v;
  return Object.entries(sum)
    .map(([k, v]) => `${k}:${v}`)
    .join(" ");
};

// ---------------------------------------------------------------- environment
interface Env {
  pg: EmbeddedPostgres;
  postmaster: number;
  app: App;
  consoleAppId: string;
  tmp: string;
}

async function setup(): Promise<Env> {
  if (flag("no-build") !== "true") {
    log("building @parley/realtime (tsup)…");
    const b = spawnSync("pnpm", ["run", "build"], { cwd: APP_DIR, stdio: ["ignore", "ignore", "inherit"] });
    if (b.status !== 0) throw new Error("build failed");
  }
  const tmp = mkdtempSync(join(tmpdir(), "parley-bench-"));
  chmodSync(tmp, 0o755); // embedded PostgreSQL runs as user postgres when we are root
  log("embedded PostgreSQL in", tmp);
  const pg = await startEmbeddedPostgres({ dataDir: join(tmp, "pg") });
  await migrateDatabase({ url: pg.url });
  const postmaster = Number(readFileSync(join(tmp, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  const runtime = createCoreRuntime({ url: pg.url, max: 2 });
  const now = new Date();
  const app: App = {
    id: "bench",
    name: "bench",
    key: "bench-key",
    masterKey: "bench-master",
    settings: AppSettings.parse({
      limits: {
        membersPerConversation: 10_000,
        sendsPerMinute: 100_000_000,
        historyQueriesPerMinute: 100_000_000,
        otherOpsPerMinute: 100_000_000,
      },
    }),
    createdAt: now,
    updatedAt: now,
  };
  await runtime.deps.uow.run((tx) => tx.apps.insert(app));
  await runtime.close();
  return { pg, postmaster, app, consoleAppId: "bench-console", tmp };
}

// ---------------------------------------------------------------- fan-out scenarios
interface StepResult {
  sent: number;
  acked: number;
  delivered: number;
  hist: Histogram;
  ackHist: Histogram;
}

async function runSteps(
  env: Env,
  server: ServerProc,
  scenario: string,
  opts: {
    sender: Agent;
    receivers: Agent[];
    plan: Array<{ from: string; cid: string }>;
    fanout: number;
    msgRates: number[];
    note?: (r: StepResult) => string;
  },
): Promise<void> {
  for (const rate of opts.msgRates) {
    await Promise.all(opts.receivers.map((a) => a.call({ op: "recvStart" })));
    await server.probe(); // resets the loop histogram
    const cpu0 = cpuTicks(server.pid);
    const pg0 = pgTicks(env.postmaster);
    const t0 = performance.now();
    const sending = opts.sender.call<{ sent: number; acked: number; sendMs: number; unanswered: number; errors: Record<string, number>; ackHist: SparseHistogram; ackMax: number }>({
      op: "send",
      plan: opts.plan,
      rate,
      seconds: STEP_S,
      drainMs: 20_000,
      pad: 40,
    });
    await sleep(STEP_S * 1000);
    const marks = await Promise.all(opts.receivers.map((a) => a.call<{ count: number }>({ op: "recvMark" })));
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (cpuTicks(server.pid) - cpu0) / CLK_TCK;
    const pgCpu = (pgTicks(env.postmaster) - pg0) / CLK_TCK;
    const probe = await server.probe();
    const rss = rssBytes(server.pid);
    const sendResult = await sending;
    // Drain gap: let the tail arrive (counted for latency, not for the rate).
    let last = -1;
    for (let waited = 0; waited < DRAIN_S * 1000 * 4; waited += 250) {
      const counts = await Promise.all(opts.receivers.map((a) => a.call<{ count: number }>({ op: "recvMark" })));
      const total = counts.reduce((s, c) => s + c.count, 0);
      if (total === last && waited >= DRAIN_S * 1000) break;
      last = total;
      await sleep(250);
    }
    const stats = await Promise.all(opts.receivers.map((a) => a.call<{ count: number; hist: SparseHistogram; max: number; errors: Record<string, number>; closes: number }>({ op: "recvStop" })));
    const hist = new Histogram();
    for (const s of stats) hist.addSparse(s.hist, s.max);
    const ackHist = new Histogram();
    ackHist.addSparse(sendResult.ackHist, sendResult.ackMax);
    const deliveredInWindow = marks.reduce((s, m) => s + m.count, 0);
    const deliveredTotal = stats.reduce((s, m) => s + m.count, 0);
    const expected = sendResult.acked * opts.fanout;
    const closes = stats.reduce((s, m) => s + m.closes, 0);
    const lost = Math.max(0, expected - deliveredTotal);
    const step: StepResult = { sent: sendResult.sent, acked: sendResult.acked, delivered: deliveredTotal, hist, ackHist };
    const row: Row = {
      scenario,
      offered: `${fmt(rate)} msg/s → ${fmt(rate * opts.fanout)}/s`,
      deliveredPerS: deliveredInWindow / elapsed,
      perCpuS: cpu > 0 ? deliveredInWindow / cpu : Number.NaN,
      p50: hist.percentile(50),
      p99: hist.percentile(99),
      rssMb: rss / 2 ** 20,
      loopMaxMs: probe.loopMaxMs,
      serverCpu: cpu / elapsed,
      pgCpu: pgCpu / elapsed,
      errors: errorText(sendResult.errors, ...stats.map((s) => s.errors), closes ? { closed: closes } : undefined, lost ? { undelivered: lost } : undefined, sendResult.unanswered ? { unanswered: sendResult.unanswered } : undefined),
      note: [`acked ${fmt(sendResult.acked)}/${fmt(sendResult.sent)}`, opts.note?.(step)].filter(Boolean).join("; "),
    };
    rows.push(row);
    log(`${scenario} @ ${row.offered}: delivered ${fmt(row.deliveredPerS)}/s p50 ${fmt(row.p50, 2)} p99 ${fmt(row.p99, 2)} ms, srv CPU ${fmt(row.serverCpu * 100)}%, pg ${fmt(row.pgCpu * 100)}%, loop max ${row.loopMaxMs} ms, ${row.note} ${row.errors}`);
    await sleep(DRAIN_S * 1000);
  }
}

async function groupScenario(env: Env, size: number, deliveryRates: number[], senders = 1): Promise<void> {
  const scenario = senders === 1 ? `group ${size}` : `group ${size}, ${senders} senders`;
  const server = await startServer(env.pg.url, join(env.tmp, "server.log"));
  const sender = new Agent("sender");
  const receiverAgent = new Agent("receivers");
  // With several senders, the senders are members too and receive each other's messages.
  const receivers = senders === 1 ? [receiverAgent] : [receiverAgent, sender];
  try {
    const tag = `g${size}x${senders}`;
    const senderIds = Array.from({ length: senders }, (_, i) => `${tag}-s${i}`);
    const memberIds = Array.from({ length: size - senders }, (_, i) => `${tag}-r${i}`);
    await sender.call({ op: "connect", url: server.url, appId: env.app.id, ids: senderIds, concurrency: 16, ack: ACKS && senders > 1 });
    const c = await receiverAgent.call<{ ms: number; failed: number }>({ op: "connect", url: server.url, appId: env.app.id, ids: memberIds, concurrency: 50, ack: ACKS });
    log(`${scenario}: ${memberIds.length} receivers connected in ${fmt(c.ms)} ms (${c.failed} failed)`);
    const { cid } = await sender.call<{ cid: string }>({ op: "startConv", from: senderIds[0]!, members: [...senderIds.slice(1), ...memberIds] });
    await runSteps(env, server, scenario, {
      sender,
      receivers,
      plan: senderIds.map((from) => ({ from, cid })),
      fanout: size - 1,
      msgRates: (STEPS_OVERRIDE ?? deliveryRates).map((d) => Math.max(1, Math.round(d / (size - 1)))),
    });
  } finally {
    await Promise.all([sender.close(), receiverAgent.close()]);
    await server.stop();
  }
}

async function pairsScenario(env: Env): Promise<void> {
  const server = await startServer(env.pg.url, join(env.tmp, "server.log"));
  const sender = new Agent("senders");
  const receivers = [new Agent("receivers")];
  try {
    const a = Array.from({ length: PAIRS }, (_, i) => `p-a${i}`);
    const b = Array.from({ length: PAIRS }, (_, i) => `p-b${i}`);
    await sender.call({ op: "connect", url: server.url, appId: env.app.id, ids: a, concurrency: 50, ack: false });
    await receivers[0]!.call({ op: "connect", url: server.url, appId: env.app.id, ids: b, concurrency: 50, ack: ACKS });
    const { cids } = await sender.call<{ cids: string[] }>({ op: "startPairs", pairs: a.map((x, i) => [x, b[i]!]), concurrency: 20 });
    await runSteps(env, server, `1:1 × ${PAIRS} pairs`, {
      sender,
      receivers,
      plan: a.map((from, i) => ({ from, cid: cids[i]! })),
      fanout: 1,
      msgRates: STEPS_OVERRIDE ?? [5_000, 10_000, 20_000, 30_000],
      note: (r) => `send→ack p50 ${fmt(r.ackHist.percentile(50), 2)} p99 ${fmt(r.ackHist.percentile(99), 2)} ms`,
    });
  } finally {
    await Promise.all([sender.close(), ...receivers.map((r) => r.close())]);
    await server.stop();
  }
}

async function roomScenario(env: Env): Promise<void> {
  const server = await startServer(env.pg.url, join(env.tmp, "server.log"));
  const sender = new Agent("sender");
  const receivers = [new Agent("receivers")];
  try {
    await sender.call({ op: "connect", url: server.url, appId: env.app.id, ids: ["room-s"], concurrency: 1, ack: false });
    const { cid } = await sender.call<{ cid: string }>({ op: "startConv", from: "room-s", members: [], transient: true });
    await sleep(1000);
    const rss0 = rssBytes(server.pid);
    const ids = Array.from({ length: ROOM_SIZE }, (_, i) => `room-r${i}`);
    const c = await receivers[0]!.call<{ ms: number; failed: number }>({ op: "connect", url: server.url, appId: env.app.id, ids, concurrency: 100, ack: false });
    const j = await receivers[0]!.call<{ ms: number; failed: number; p50: number; p99: number }>({ op: "join", cid, concurrency: 100 });
    await sleep(2000);
    const rss1 = rssBytes(server.pid);
    const perConn = (rss1 - rss0) / ROOM_SIZE;
    const summary = `connect+open ${fmt(ROOM_SIZE / (c.ms / 1000))}/s (${c.failed} failed); join ${fmt(ROOM_SIZE / (j.ms / 1000))}/s (p50 ${fmt(j.p50, 1)} p99 ${fmt(j.p99, 1)} ms, ${j.failed} failed); RSS +${fmt(perConn / 1024, 1)} KB per connection (${fmt(rss0 / 2 ** 20)} → ${fmt(rss1 / 2 ** 20)} MB)`;
    log(`room: ${summary}`);
    rows.push({ scenario: `chat room ${ROOM_SIZE}: joins`, offered: "as fast as possible (100 in flight)", deliveredPerS: Number.NaN, perCpuS: Number.NaN, p50: j.p50, p99: j.p99, rssMb: rss1 / 2 ** 20, loopMaxMs: (await server.probe()).loopMaxMs, serverCpu: Number.NaN, pgCpu: Number.NaN, errors: c.failed + j.failed ? `${c.failed + j.failed}` : "", note: summary });
    await runSteps(env, server, `chat room ${ROOM_SIZE}`, {
      sender,
      receivers,
      plan: [{ from: "room-s", cid }],
      fanout: ROOM_SIZE,
      msgRates: (STEPS_OVERRIDE ?? [50_000, 100_000, 150_000]).map((d) => Math.max(1, Math.round(d / ROOM_SIZE))),
    });
  } finally {
    await Promise.all([sender.close(), ...receivers.map((r) => r.close())]);
    await server.stop();
  }
}

async function historyScenario(env: Env): Promise<void> {
  const server = await startServer(env.pg.url, join(env.tmp, "server.log"));
  const agent = new Agent("history");
  const database = createDatabase({ url: env.pg.url, max: 2, statementTimeoutMs: 0 }); // bulk loads run for minutes
  const { sql } = database;
  try {
    const ids = Array.from({ length: 16 }, (_, i) => `h${i}`);
    await agent.call({ op: "connect", url: server.url, appId: env.app.id, ids, concurrency: 16, ack: false });
    const convCount = 100;
    const cids: string[] = [];
    for (let n = 0; n < convCount; n++) cids.push((await agent.call<{ cid: string }>({ op: "startConv", from: "h0", members: ids.slice(1) })).cid);
    const perConv = Math.floor(HISTORY_MESSAGES / convCount);
    const t0 = Date.now() - perConv * 10 - 60_000;
    log(`history: bulk-loading ${fmt(perConv * convCount)} messages into ${convCount} conversations (generate_series)…`);
    const started = performance.now();
    await sql`
      insert into messages (conversation_id, timestamp, id, from_client, content_text, lc_type, mention_all, mention_pids, receipt, recalled)
      select c.cid, ${t0}::int8 + g * 10, 'm' || lpad(g::text, 9, '0') || substr(md5(c.cid), 1, 6),
        'h' || (g % 16), '{"_lctype":-1,"_lctext":"history message ' || g || ' lorem ipsum dolor sit amet"}', -1, false, '{}', false, false
      from unnest(${cids}::text[]) as c(cid), generate_series(1, ${perConv}) as g`;
    await sql`vacuum analyze messages`;
    log(`history: loaded in ${fmt((performance.now() - started) / 1000, 1)} s`);
    const r = await agent.call<{ queries: number; items: number; errors: Record<string, number>; hist: SparseHistogram; max: number }>({
      op: "logs",
      cids,
      tMin: t0 + 1000,
      tMax: t0 + perConv * 10,
      seconds: STEP_S,
      concurrency: 16,
      limit: 20,
    });
    const hist = new Histogram();
    hist.addSparse(r.hist, r.max);
    rows.push({
      scenario: `history logs(20) over ${fmt(perConv * convCount / 1e6, 1)}M msgs`,
      offered: "16 concurrent, closed loop",
      deliveredPerS: r.queries / STEP_S,
      perCpuS: Number.NaN,
      p50: hist.percentile(50),
      p99: hist.percentile(99),
      rssMb: rssBytes(server.pid) / 2 ** 20,
      loopMaxMs: (await server.probe()).loopMaxMs,
      serverCpu: Number.NaN,
      pgCpu: Number.NaN,
      errors: errorText(r.errors),
      note: `queries/s in 'delivered/s'; ${fmt(r.items / Math.max(1, r.queries), 1)} items/page`,
    });
  } finally {
    await database.close();
    await agent.close();
    await server.stop();
  }
}

/** The console's keyset page (apps/web/src/server/queries/conversations.ts listConversationPage), as SQL. */
const CONSOLE_PAGE = 50;
async function convListScenario(env: Env): Promise<void> {
  const database = createDatabase({ url: env.pg.url, max: 16, statementTimeoutMs: 0 }); // bulk loads run for minutes
  const { sql } = database;
  try {
    log(`convlist: bulk-loading ${fmt(CONVERSATIONS)} conversations…`);
    const started = performance.now();
    await sql`
      insert into conversations (id, app_id, kind, name, creator, last_message_at, last_message_id, last_message_timestamp, last_message_from, last_message_text, member_count)
      select lpad(to_hex(g), 24, '0'), ${env.consoleAppId}, 'normal', 'conv ' || g, 'c' || (g % 1000),
        case when g % 10 = 0 then null else now() - make_interval(secs => (hashint4(g)::int8 & 2147483647) % 31536000) end,
        'm' || g, (extract(epoch from now()) * 1000)::int8, 'c' || (g % 1000), 'last message of ' || g, 2
      from generate_series(1, ${CONVERSATIONS}) as g`;
    await sql`vacuum analyze conversations`;
    log(`convlist: loaded in ${fmt((performance.now() - started) / 1000, 1)} s`);
    const cursors = await sql<{ lm: Date | null; id: string }[]>`
      select last_message_at as lm, id from conversations tablesample bernoulli (1) where app_id = ${env.consoleAppId} limit 2000`;
    const page = (cursor: { lm: Date | null; id: string } | null) => {
      const cols = sql`select id, kind, name, creator, member_count, created_at, last_message_at, last_message_from, left(last_message_text, 140) as preview, expires_at from conversations`;
      if (!cursor) return sql`${cols} where app_id = ${env.consoleAppId} order by last_message_at desc nulls last, id asc limit ${CONSOLE_PAGE + 1}`;
      if (cursor.lm === null) return sql`${cols} where app_id = ${env.consoleAppId} and (last_message_at is null and id > ${cursor.id}) order by last_message_at desc nulls last, id asc limit ${CONSOLE_PAGE + 1}`;
      return sql`${cols} where app_id = ${env.consoleAppId} and (last_message_at < ${cursor.lm} or (last_message_at = ${cursor.lm} and id > ${cursor.id}) or last_message_at is null) order by last_message_at desc nulls last, id asc limit ${CONSOLE_PAGE + 1}`;
    };
    // The same page with the keyset condition split so each branch is an index range: what
    // listConversationPage does now (it runs the ranges in turn until the page is full).
    const pageSplit = (cursor: { lm: Date; id: string }) => sql`
      (select id, last_message_at from conversations where app_id = ${env.consoleAppId} and last_message_at = ${cursor.lm} and id > ${cursor.id} order by id limit ${CONSOLE_PAGE + 1})
      union all
      (select id, last_message_at from conversations where app_id = ${env.consoleAppId} and last_message_at < ${cursor.lm} order by last_message_at desc nulls last, id limit ${CONSOLE_PAGE + 1})
      union all
      (select id, last_message_at from conversations where app_id = ${env.consoleAppId} and last_message_at is null order by id limit ${CONSOLE_PAGE + 1})
      limit ${CONSOLE_PAGE + 1}`;
    const measure = async (label: string, make: () => Promise<unknown>, note: string): Promise<void> => {
      const hist = new Histogram();
      const deadline = performance.now() + STEP_S * 1000;
      let n = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < deadline) {
            const t = performance.now();
            await make();
            hist.record(performance.now() - t);
            n++;
          }
        }),
      );
      rows.push({ scenario: label, offered: "16 concurrent, closed loop", deliveredPerS: n / STEP_S, perCpuS: Number.NaN, p50: hist.percentile(50), p99: hist.percentile(99), rssMb: Number.NaN, loopMaxMs: Number.NaN, serverCpu: Number.NaN, pgCpu: Number.NaN, errors: "", note });
      log(`${label}: p50 ${fmt(hist.percentile(50), 2)} p99 ${fmt(hist.percentile(99), 2)} ms, ${fmt(n / STEP_S)} q/s`);
    };
    const pick = () => cursors[Math.floor(Math.random() * cursors.length)]!;
    const nonNull = cursors.filter((c) => c.lm !== null) as Array<{ lm: Date; id: string }>;
    await measure(`console list, first page (${fmt(CONVERSATIONS / 1e6, 1)}M convs)`, () => page(null), "queries/s in 'delivered/s'; postgres.js direct");
    await measure(`console list, random cursor`, () => pageSplit(nonNull[Math.floor(Math.random() * nonNull.length)]!), "index ranges, as listConversationPage");
    await measure(`  (before: one OR keyset)`, () => page(pick()), "the first session's SQL, for comparison");
    const deep = nonNull.reduce((a, b) => (a.lm < b.lm ? a : b));
    const plan = await sql.unsafe(
      `explain (analyze, buffers) select id from conversations where app_id = $1 and (last_message_at < $2 or (last_message_at = $2 and id > $3) or last_message_at is null) order by last_message_at desc nulls last, id asc limit ${CONSOLE_PAGE + 1}`,
      [env.consoleAppId, deep.lm, deep.id],
    );
    log(`convlist: plan of the deepest sampled cursor:\n${plan.map((r) => Object.values(r)[0]).join("\n")}`);
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const started = performance.now();
  const env = await setup();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${fmt(totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}`;
  log(`machine: ${machine}; steps ${STEP_S} s, drain ${DRAIN_S} s${QUICK ? " (quick)" : ""}`);
  try {
    for (const s of SCENARIOS) {
      log(`--- scenario ${s}`);
      try {
        if (s === "group200") await groupScenario(env, 200, [50_000, 100_000, 150_000, 200_000]);
        else if (s === "group200x16") await groupScenario(env, 200, [50_000, 100_000, 150_000, 200_000], 16);
        else if (s === "group2000") await groupScenario(env, 2000, [60_000, 120_000, 160_000]);
        else if (s === "pairs") await pairsScenario(env);
        else if (s === "room") await roomScenario(env);
        else if (s === "history") await historyScenario(env);
        else if (s === "convlist") await convListScenario(env);
        else log(`unknown scenario ${s as string}`);
      } catch (err) {
        log(`scenario ${s} failed:`, err);
        rows.push({ scenario: s, offered: "", deliveredPerS: Number.NaN, perCpuS: Number.NaN, p50: Number.NaN, p99: Number.NaN, rssMb: Number.NaN, loopMaxMs: Number.NaN, serverCpu: Number.NaN, pgCpu: Number.NaN, errors: "scenario failed", note: String(err).slice(0, 120) });
      }
    }
  } finally {
    await env.pg.stop();
    if (flag("keep") !== "true") rmSync(env.tmp, { recursive: true, force: true });
  }
  console.log(`\nParley realtime benchmark — ${machine}; ${STEP_S} s steps${QUICK ? " (--quick)" : ""}; ${fmt((performance.now() - started) / 1000)} s total\n`);
  console.log(printTable());
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
