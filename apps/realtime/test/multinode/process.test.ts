// main.ts with REDIS_URL, as deployed: a realtime process registers its sessions in Redis, and
// when it is killed with SIGKILL they leave the shared presence within
// REALTIME_PRESENCE_TTL_SECONDS. An unreachable REDIS_URL stops start-up with a clear message.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { App } from "@parley/core";
import { createDatabase, findFreePort, type Database } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisPresence, type RedisPresence } from "../../src/adapters/redis-presence.js";
import { createPostgresBackend } from "../../src/backend.js";
import { createSilentLogger, createTestApp } from "../../src/testing/index.js";
import { login, sleep, waitUntil } from "../fault/support.js";
import { TEST_REDIS_URL, dropKeys, requireRedis, testKeyPrefix } from "./redis.js";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "../..");
const prefix = testKeyPrefix();
let db: TestDatabase;
let database: Database;
let app: App;
/** Another node's view of the shared presence (a registry without sessions of its own). */
let observer: RedisPresence;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await requireRedis();
  db = await createTestDatabase();
  database = createDatabase({ url: db.url, max: 2 });
  const backend = createPostgresBackend(database, { logger: createSilentLogger() });
  app = await createTestApp(backend, { id: "process" });
  await backend.close();
  observer = createRedisPresence({ url: TEST_REDIS_URL, keyPrefix: prefix, logger: createSilentLogger() });
  await observer.start();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await observer?.close();
  await database?.close();
  await db?.drop();
  await dropKeys(prefix);
});

function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", join(APP_DIR, "src/main.ts")], {
    cwd: APP_DIR,
    env: { ...process.env, DATABASE_URL: db.url, REALTIME_HOST: "127.0.0.1", REDIS_KEY_PREFIX: prefix, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe("a realtime process with REDIS_URL", () => {
  it("shares its sessions, and leaves the shared presence within its TTL after kill -9", async () => {
    const ttlSeconds = 2;
    const port = await findFreePort();
    const proc = startProcess({ REALTIME_PORT: String(port), REDIS_URL: TEST_REDIS_URL, REALTIME_PRESENCE_TTL_SECONDS: String(ttlSeconds) });
    const healthy = await waitUntil(async () => {
      if (proc.child.exitCode !== null) return true;
      return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    }, 30_000, 100);
    expect(healthy && proc.child.exitCode === null, proc.output()).toBe(true);

    const client = await login(`ws://127.0.0.1:${port}/`, app.id, "kim");
    // The registration leaves for Redis before the open reply; on a loaded machine Redis may still
    // read the two connections in either order, so give it a moment.
    const seen = await waitUntil(async () => (await observer.onlineClientIds(app.id, ["kim", "nobody"])).length === 1, 1_000, 10);
    expect(seen).toBe(true);

    proc.child.kill("SIGKILL");
    await proc.exited;
    const killedAt = Date.now();
    client.terminate();
    expect(await observer.onlineClientIds(app.id, ["kim"])).toEqual(["kim"]); // nothing removed it
    while ((await observer.onlineClientIds(app.id, ["kim"])).length > 0) {
      expect(Date.now() - killedAt).toBeLessThan(ttlSeconds * 1000 + 1_000);
      await sleep(50);
    }
  });

  it("refuses to start when Redis cannot be reached, saying so", async () => {
    const port = await findFreePort();
    const unreachable = `redis://127.0.0.1:${await findFreePort()}`;
    const proc = startProcess({ REALTIME_PORT: String(port), REDIS_URL: unreachable });
    const code = await Promise.race([proc.exited, sleep(30_000).then(() => "still running")]);
    expect(code, proc.output()).toBe(1);
    expect(proc.output()).toContain(`Redis at ${unreachable} (REDIS_URL) is not reachable`);
  });
});
