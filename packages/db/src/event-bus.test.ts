import type { DomainEvent } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "./client.js";
import { createPgEventBus, type PgEventBus } from "./event-bus.js";
import { createTestDatabase, type TestDatabase } from "./testing/index.js";

const kicked = (clientId: string, reason: string | null = null): DomainEvent => ({ type: "ClientKicked", appId: "app-1", clientId, reason, at: 1 });

/** Collects batches; `next(n)` resolves once n batches have arrived. */
function collector() {
  const batches: DomainEvent[][] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  const handler = (events: readonly DomainEvent[]) => {
    batches.push([...events]);
    waiters = waiters.filter((w) => (batches.length >= w.n ? (w.resolve(), false) : true));
  };
  const next = (n: number, ms = 5000) =>
    new Promise<void>((resolve, reject) => {
      if (batches.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} batches (got ${batches.length})`)), ms);
      waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { batches, handler, next };
}

let t: TestDatabase;
// Two pools = two "processes": each bus has its own LISTEN connection.
let dbA: Database;
let dbB: Database;
let busA: PgEventBus;
let busB: PgEventBus;
const errors: unknown[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  dbA = createDatabase({ url: t.url, max: 3, applicationName: "bus-a" });
  dbB = createDatabase({ url: t.url, max: 3, applicationName: "bus-b" });
  busA = createPgEventBus({ database: dbA, channel: "test_events", onError: (e) => errors.push(e) });
  busB = createPgEventBus({ database: dbB, channel: "test_events", onError: (e) => errors.push(e), healthCheckMs: 300 });
  await Promise.all([busA.ready(), busB.ready()]);
});

afterAll(async () => {
  await busA?.close();
  await busB?.close();
  await dbA?.close();
  await dbB?.close();
  await t?.drop();
});

describe("createPgEventBus", () => {
  it("delivers each batch once, in order, to subscribers in this and the other process", async () => {
    const localA = collector();
    const remoteB = collector();
    const offA = busA.subscribe(localA.handler);
    const offB = busB.subscribe(remoteB.handler);
    const batches = Array.from({ length: 50 }, (_, i) => [kicked(`c${i}`), kicked(`d${i}`)]);
    await Promise.all(batches.map((b) => busA.publish(b)));
    await Promise.all([localA.next(50), remoteB.next(50)]);
    await new Promise((r) => setTimeout(r, 100)); // nothing more arrives (no echo of A's own notifications)
    expect(localA.batches).toEqual(batches);
    expect(remoteB.batches).toEqual(batches);
    offA();
    offB();
  });

  it("sends a large batch by reference through event_payloads", async () => {
    const remoteB = collector();
    const off = busB.subscribe(remoteB.handler);
    const big = Array.from({ length: 200 }, (_, i) => kicked(`client-${i}`, "x".repeat(100)));
    expect(JSON.stringify(big).length).toBeGreaterThan(8000);
    const message: DomainEvent = {
      type: "MessagePosted",
      appId: "app-1",
      conversationId: "c1",
      conversationKind: "normal",
      initBy: "alice",
      at: 5,
      message: {
        conversationId: "c1",
        id: "m1",
        timestamp: 5,
        from: "alice",
        content: { kind: "binary", data: new Uint8Array([0, 1, 2, 255]) },
        lcType: null,
        mentionAll: false,
        mentionPids: [],
        receipt: false,
        patchTimestamp: null,
        recalled: false,
        pushData: null,
        priority: null,
        visibleTo: null,
      },
      transient: false,
      will: false,
      recipients: ["bob"],
      originSessionId: null,
    };
    await busA.publish([...big, message]);
    await remoteB.next(1);
    expect(remoteB.batches[0]).toEqual([...big, message]);
    const [row] = await dbA.sql<{ n: string }[]>`select count(*) as n from event_payloads where channel = 'test_events'`;
    expect(Number(row!.n)).toBeGreaterThan(0);
    off();
  });

  it("delivers identical batches twice (each NOTIFY is made unique)", async () => {
    const remoteB = collector();
    const off = busB.subscribe(remoteB.handler);
    const same = [kicked("same", "y".repeat(4000))];
    await Promise.all([busA.publish(same), busA.publish(same)]);
    await remoteB.next(2);
    expect(remoteB.batches).toEqual([same, same]);
    off();
  });

  it("a throwing subscriber neither breaks publish nor the other subscribers", async () => {
    const good = collector();
    const offBad = busB.subscribe(() => {
      throw new Error("subscriber bug");
    });
    const offGood = busB.subscribe(good.handler);
    const before = errors.length;
    await busA.publish([kicked("z")]);
    await good.next(1);
    expect(errors.length).toBeGreaterThan(before);
    offBad();
    offGood();
  });

  it("re-establishes LISTEN after its connection is killed", async () => {
    const remoteB = collector();
    const off = busB.subscribe(remoteB.handler);
    // Kill B's listening backend (postgres.js runs LISTEN on its own connection).
    const killed = await dbA.sql<{ pid: number }[]>`
      select pg_terminate_backend(pid) as ok, pid from pg_stat_activity
      where datname = current_database() and query ilike 'listen%' and application_name = 'bus-b'`;
    expect(killed.length).toBeGreaterThan(0);
    // Publish until B hears again (the watchdog pings every 300 ms in this test).
    const deadline = Date.now() + 10_000;
    let i = 0;
    while (remoteB.batches.length === 0 && Date.now() < deadline) {
      await busA.publish([kicked(`after-kill-${i++}`)]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(remoteB.batches.length).toBeGreaterThan(0);
    off();
  });
});
