// PostgreSQL paused (SIGSTOP on the postmaster and its children) under a running server.
// Its own embedded cluster: pausing the shared test server would stall every other test file.
// Requirements: sends fail with an error within 20 s (the SDK's request timeout), nothing is
// acknowledged without a commit, and service resumes within 5 s of SIGCONT without a restart.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "@parley/core";
import { createDatabase, migrateDatabase, startEmbeddedPostgres, type Database, type EmbeddedPostgres } from "@parley/db";
import { createPostgresBackend, type Backend } from "../../src/backend.js";
import { CommandType } from "../../src/protocol/constants.js";
import { createRealtimeServer, type RealtimeServer } from "../../src/server.js";
import { createSilentLogger, createTestApp } from "../../src/testing/index.js";
import { FULL, login, postgresProcessTree, replyFailure, signalAll, sleep, startConversation, type WireClient } from "./support.js";

/** Longer than the SDK's 20 s request timeout in both modes. */
const PAUSE_MS = FULL ? 30_000 : 25_000;
const SDK_TIMEOUT_MS = 20_000;

let tmp: string;
let pg: EmbeddedPostgres;
let database: Database;
let backend: Backend;
let server: RealtimeServer;
let app: App;
let pids: number[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "parley-fault-pg-"));
  chmodSync(tmp, 0o755); // when run as root, PostgreSQL runs as "postgres" and must enter it
  pg = await startEmbeddedPostgres({ dataDir: join(tmp, "data") });
  await migrateDatabase({ url: pg.url });
  database = createDatabase({ url: pg.url, max: 10 });
  backend = createPostgresBackend(database, { logger: createSilentLogger() });
  await backend.ready();
  app = await createTestApp(backend, { id: "pgpause", settings: { limits: { sendsPerMinute: 100_000 } } });
  server = await createRealtimeServer({ port: 0, host: "127.0.0.1", core: backend.core, bus: backend.bus, logger: createSilentLogger() });
}, 120_000);

afterAll(async () => {
  signalAll(pids, "SIGCONT");
  await server?.close({ graceMs: 0 });
  await backend?.close().catch(() => undefined);
  await database?.close();
  await pg?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 60_000);

interface Outcome {
  text: string;
  sentAt: number;
  settledAt?: number;
  result?: "acked" | "error" | "timeout";
  uid?: string;
  code?: number;
}

describe("PostgreSQL paused", () => {
  let alice: WireClient;
  let cid: string;
  const outcomes: Outcome[] = [];
  let pausedAt = 0;
  let resumedAt = 0;

  beforeAll(async () => {
    alice = await login(server.wsUrl, app.id, "alice");
    await login(server.wsUrl, app.id, "bob");
    cid = await startConversation(alice, ["bob"]);
    await alice.request({ cmd: CommandType.direct, directMessage: { cid, msg: "before" } });

    pids = postgresProcessTree(pg.dataDir);
    signalAll(pids, "SIGSTOP");
    pausedAt = Date.now();
    // One send per second during the pause; each waits as long as the SDK would (20 s).
    const sends: Promise<void>[] = [];
    for (let n = 0; Date.now() - pausedAt < PAUSE_MS - 1000; n++) {
      const o: Outcome = { text: `paused-${n}`, sentAt: Date.now() };
      outcomes.push(o);
      sends.push(
        alice.requestRaw({ cmd: CommandType.direct, directMessage: { cid, msg: o.text } }, SDK_TIMEOUT_MS).then(
          (reply) => {
            o.settledAt = Date.now();
            const failure = replyFailure(reply);
            if (failure) Object.assign(o, { result: "error", code: failure.code });
            else Object.assign(o, { result: "acked", uid: reply.ackMessage!.uid });
          },
          () => {
            o.settledAt = Date.now();
            o.result = "timeout";
          },
        ),
      );
      await sleep(1000);
    }
    await sleep(Math.max(0, pausedAt + PAUSE_MS - Date.now()));
    signalAll(pids, "SIGCONT");
    resumedAt = Date.now();
    await Promise.all(sends);
  }, 120_000);

  it("acknowledges nothing before the commit (no ack while PostgreSQL is stopped; every ack is stored)", async () => {
    const ackedWhilePaused = outcomes.filter((o) => o.result === "acked" && o.settledAt! < resumedAt);
    expect(ackedWhilePaused).toEqual([]);
    const uids = outcomes.filter((o) => o.result === "acked").map((o) => o.uid!);
    const rows = await database.sql<{ id: string }[]>`select id from messages where id = any(${uids}::text[])`;
    expect(rows.length).toBe(uids.length);
  });

  it("service resumes within 5 s of SIGCONT without a restart", async () => {
    let ok = false;
    while (!ok && Date.now() - resumedAt < 5_000) {
      try {
        await alice.request({ cmd: CommandType.direct, directMessage: { cid, msg: "after" } }, 1_000);
        ok = true;
      } catch {
        await sleep(100);
      }
    }
    expect(ok).toBe(true);
    console.log(`first send acknowledged ${Date.now() - resumedAt} ms after SIGCONT`);
    expect(Date.now() - resumedAt).toBeLessThan(5_000);
  });

  // The unit of work notices that PostgreSQL stopped answering (unavailableAfterMs, 5 s): sends
  // waiting for it are rolled back and answered with 4301 CONVERSATION_API_FAILED, later ones at
  // once, until it answers again. The command deadline (commandDeadlineMs, 15 s) is the backstop.
  it("fails each send with an error reply within 20 s", () => {
    const times = outcomes.filter((o) => o.result === "error").map((o) => o.settledAt! - o.sentAt);
    console.log(
      `PostgreSQL paused ${PAUSE_MS} ms: ${outcomes.length} sends, ${times.length} errors ` +
        `(codes ${[...new Set(outcomes.map((o) => o.code).filter((c) => c !== undefined))].join(",")}), ` +
        `answered after ${Math.min(...times)}–${Math.max(...times)} ms (median ${times.sort((a, b) => a - b)[times.length >> 1]} ms)`,
    );
    const late = outcomes.filter((o) => o.result !== "error" || o.settledAt! - o.sentAt > SDK_TIMEOUT_MS);
    expect(late.map((o) => `${o.text}: ${o.result} after ${(o.settledAt ?? 0) - o.sentAt} ms`)).toEqual([]);
    expect(outcomes.filter((o) => o.code !== 4301).map((o) => `${o.text}: ${o.code}`)).toEqual([]);
  });

  it("stores none of the sends that were answered with an error", async () => {
    const failed = outcomes.filter((o) => o.result === "error").map((o) => o.text);
    const rows = await database.sql<{ text: string }[]>`
      select content_text as text from messages where conversation_id = ${cid} and content_text = any(${failed}::text[])`;
    expect(rows).toEqual([]);
  });
});
