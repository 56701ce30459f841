// kill -9 of the realtime process during a burst of messages across many conversations.
// After a restart, every client reconnects and pulls the history of its conversations:
// 0 acknowledged messages missing, 0 stored twice, every member sees the same order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "@parley/core";
import { findFreePort } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { createDatabase, type Database } from "@parley/db";
import { CommandType } from "../../src/protocol/constants.js";
import { createPostgresBackend } from "../../src/backend.js";
import { createSilentLogger, createTestApp } from "../../src/testing/index.js";
import { FULL, fullHistory, login, mapLimit, replyFailure, sleep, startConversation, startRealtimeProcess, type RealtimeProcess, type WireClient } from "./support.js";

const CONVERSATIONS = FULL ? 100 : 12;
const MEMBERS = FULL ? 5 : 3;
/** Acks to wait for before the kill (the burst keeps going while the process dies). */
const KILL_AFTER_ACKS = FULL ? 3000 : 300;
/** Requests each sender keeps in flight. */
const PIPELINE = 8;

let db: TestDatabase;
let database: Database;
let app: App;
let proc: RealtimeProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase({ url: db.url, max: 2 });
  const backend = createPostgresBackend(database, { logger: createSilentLogger() });
  app = await createTestApp(backend, { id: "kill9", settings: { limits: { sendsPerMinute: 1_000_000, otherOpsPerMinute: 1_000_000, historyQueriesPerMinute: 1_000_000 } } });
  await backend.close();
});

afterAll(async () => {
  await proc?.stop();
  await database?.close();
  await db?.drop();
});

describe("kill -9 during a burst", () => {
  it("loses no acknowledged message, stores none twice, and shows every member the same order", async () => {
    const port = await findFreePort();
    proc = await startRealtimeProcess(db.url, port);
    const ids = (c: number) => Array.from({ length: MEMBERS }, (_, m) => `c${c}-m${m}`);

    // Set up conversations with their members online.
    const clients = new Map<string, WireClient>();
    const all = Array.from({ length: CONVERSATIONS }, (_, c) => ids(c)).flat();
    await mapLimit(all, 20, async (id) => clients.set(id, await login(proc!.wsUrl, app.id, id)));
    const cids = await mapLimit(Array.from({ length: CONVERSATIONS }, (_, c) => c), 8, (c) => startConversation(clients.get(ids(c)[0]!)!, ids(c).slice(1)));

    // Burst: every member of every conversation sends, PIPELINE requests in flight each.
    const acked = new Map<string, { cid: string; text: string; t: number }>();
    let stop = false;
    let seq = 0;
    const senders = all.map(async (id) => {
      const c = Number(id.slice(1, id.indexOf("-")));
      const client = clients.get(id)!;
      await Promise.all(
        Array.from({ length: PIPELINE }, async () => {
          while (!stop && client.isOpen) {
            const text = `${id}#${seq++}`;
            try {
              const reply = await client.requestRaw({ cmd: CommandType.direct, directMessage: { cid: cids[c]!, msg: text } }, 5_000);
              if (!replyFailure(reply)) acked.set(reply.ackMessage!.uid!, { cid: cids[c]!, text, t: reply.ackMessage!.t! });
            } catch {
              return; // socket gone (the kill) or timeout
            }
          }
        }),
      );
    });
    const reached = await Promise.race([
      (async () => {
        while (acked.size < KILL_AFTER_ACKS) await sleep(5);
        return true;
      })(),
      sleep(60_000).then(() => false),
    ]);
    expect(reached).toBe(true);
    await proc.kill9();
    stop = true;
    await Promise.all(senders);
    const ackedAtKill = acked.size;
    for (const client of clients.values()) client.terminate();

    // Restart on the same port; every member reconnects and pulls its history.
    proc = await startRealtimeProcess(db.url, port);
    const histories = new Map<string, Map<string, string[]>>(); // cid → member → [msgId…]
    await mapLimit(all, 10, async (id) => {
      const c = Number(id.slice(1, id.indexOf("-")));
      const client = await login(proc!.wsUrl, app.id, id);
      const items = await fullHistory(client, cids[c]!);
      let perConv = histories.get(cids[c]!);
      if (!perConv) histories.set(cids[c]!, (perConv = new Map()));
      perConv.set(id, items.map((i) => `${i.msgId}|${i.data}`));
      await client.close();
    });

    const stored = new Map<string, string>(); // msgId → text
    const texts = new Map<string, number>();
    let missing = 0;
    let orderMismatches = 0;
    for (const [, perMember] of histories) {
      const lists = [...perMember.values()];
      for (const list of lists.slice(1)) if (list.join("\n") !== lists[0]!.join("\n")) orderMismatches += 1;
      for (const entry of lists[0]!) {
        const [msgId, text] = entry.split("|") as [string, string];
        stored.set(msgId, text);
        texts.set(text, (texts.get(text) ?? 0) + 1);
      }
    }
    for (const [uid, m] of acked) if (stored.get(uid) !== m.text) missing += 1;
    const duplicates = [...texts.values()].filter((n) => n > 1).length;

    expect(ackedAtKill).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect({ missing, duplicates, orderMismatches }).toEqual({ missing: 0, duplicates: 0, orderMismatches: 0 });
    // Rows in the table match what history shows (nothing hidden, nothing doubled).
    const [row] = await database.sql<{ n: string }[]>`select count(*)::text as n from messages where conversation_id = any(${cids}::text[])`;
    expect(Number(row!.n)).toBe(stored.size);
  }, 180_000);
});
