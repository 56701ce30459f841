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
    expect(Date.now() - resumedAt).toBeLessThan(5_000);
  });

  // Known gap (see docs/benchmarks.md): the server sets no statement/lock/acquire timeout on its
  // pool, so a send waits for PostgreSQL for as long as it is stopped and the SDK's request times
  // out (COMMAND_TIMEOUT) instead of receiving an error. Flip to `it(...)` once a deadline exists.
  it.fails("fails each send with an error reply within 20 s", () => {
    const late = outcomes.filter((o) => o.result !== "error" || o.settledAt! - o.sentAt > SDK_TIMEOUT_MS);
    expect(late.map((o) => `${o.text}: ${o.result} after ${(o.settledAt ?? 0) - o.sentAt} ms`)).toEqual([]);
  });
});
