// The Redis presence registry on its own: two "nodes" (registries, each with its own session hub)
// on the real Redis. Counts add up across nodes, a crashed node drops out within the TTL, lost keys
// are rewritten, and big queries stay one call.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHubPresence } from "../../src/adapters/presence.js";
import { createRedisPresence, type RedisPresence } from "../../src/adapters/redis-presence.js";
import type { Session } from "../../src/connection/session.js";
import { SessionHub } from "../../src/fanout/session-hub.js";
import { createSilentLogger } from "../../src/testing/index.js";
import { TEST_REDIS_URL, dropKeys, keysUnder, requireRedis, testKeyPrefix, testRedis } from "./redis.js";

const prefix = testKeyPrefix();
const redis = testRedis();
const open: RedisPresence[] = [];
let seq = 0;

beforeAll(requireRedis);
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  redis.disconnect();
  await dropKeys(prefix);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Only the fields the hub and the registry read. */
const session = (appId: string, clientId: string): Session => ({ id: `s${++seq}`, appId, clientId }) as Session;

async function node(options: { ttlMs?: number } = {}): Promise<{ hub: SessionHub; presence: RedisPresence; logger: ReturnType<typeof createSilentLogger> }> {
  const logger = createSilentLogger();
  const presence = createRedisPresence({ url: TEST_REDIS_URL, keyPrefix: prefix, ttlMs: options.ttlMs ?? 30_000, logger });
  await presence.start();
  open.push(presence);
  const hub = new SessionHub();
  presence.attach(hub);
  return { hub, presence, logger };
}

describe("redis presence", () => {
  it("answers online ids and session counts across nodes, in input order, deduplicated, per app", async () => {
    const [a, b] = await Promise.all([node(), node()]);
    a.hub.add(session("app1", "alice"));
    a.hub.add(session("app1", "bob"));
    b.hub.add(session("app1", "bob"));
    b.hub.add(session("app1", "carol"));
    b.hub.add(session("app2", "dave"));
    await Promise.all([a.presence.flush(), b.presence.flush()]);
    for (const { presence } of [a, b]) {
      expect(await presence.onlineClientIds("app1", ["dave", "carol", "nobody", "alice", "carol", "bob"])).toEqual(["carol", "alice", "bob"]);
      expect(await presence.sessionCount("app1", "bob")).toBe(2);
      expect(await presence.sessionCount("app2", "dave")).toBe(1);
      expect(await presence.sessionCount("app2", "alice")).toBe(0);
    }
    // The hub's own Presence port (chat-room counts, session/query) answers through the registry.
    expect(await createHubPresence(a.hub).onlineClientIds("app1", ["carol", "nobody"])).toEqual(["carol"]);
  });

  it("forgets closed sessions, and a node's entries when it closes cleanly", async () => {
    const [a, b] = await Promise.all([node(), node()]);
    const s1 = session("app1", "erin");
    const s2 = session("app1", "erin");
    b.hub.add(s1);
    b.hub.add(s2);
    await b.presence.flush();
    expect(await a.presence.sessionCount("app1", "erin")).toBe(2);
    b.hub.remove(s1);
    await b.presence.flush();
    expect(await a.presence.sessionCount("app1", "erin")).toBe(1);
    b.hub.remove(s2);
    await b.presence.flush();
    expect(await a.presence.onlineClientIds("app1", ["erin"])).toEqual([]);

    b.hub.add(session("app1", "frank"));
    await b.presence.flush();
    expect(await a.presence.onlineClientIds("app1", ["frank"])).toEqual(["frank"]);
    await b.presence.close();
    expect(await a.presence.onlineClientIds("app1", ["frank"])).toEqual([]);
    expect((await keysUnder(redis, prefix)).filter((k) => k.includes(b.presence.nodeId))).toEqual([]);
  });

  it("drops a node that stops without cleaning up within its TTL, then prunes it", async () => {
    const ttlMs = 600;
    const [a, b] = await Promise.all([node({ ttlMs }), node({ ttlMs })]);
    b.hub.add(session("app1", "gina"));
    await b.presence.flush();
    // Heartbeats keep it alive past the TTL.
    await sleep(ttlMs * 2);
    expect(await a.presence.onlineClientIds("app1", ["gina"])).toEqual(["gina"]);

    await b.presence.close({ cleanup: false }); // a crash: the entries stay behind
    const crashedAt = Date.now();
    expect(await a.presence.onlineClientIds("app1", ["gina"])).toEqual(["gina"]);
    while ((await a.presence.onlineClientIds("app1", ["gina"])).length > 0) {
      expect(Date.now() - crashedAt).toBeLessThan(ttlMs + 500);
      await sleep(20);
    }
    await sleep(ttlMs); // a's next heartbeats prune the dead node from the set
    expect(await redis.smembers(`${prefix}nodes`)).not.toContain(b.presence.nodeId);
    expect(await redis.exists(`${prefix}sessions:${b.presence.nodeId}:app1`)).toBe(0);
  });

  it("rewrites its entries when Redis lost them", async () => {
    const ttlMs = 600;
    const [a, b] = await Promise.all([node({ ttlMs }), node({ ttlMs })]);
    b.hub.add(session("app1", "hank"));
    b.hub.add(session("app3", "ivy"));
    await b.presence.flush();
    const mine = (await keysUnder(redis, prefix)).filter((k) => k.includes(b.presence.nodeId));
    expect(mine).toHaveLength(3); // node key + two session hashes
    await redis.del(...mine); // as after a Redis restart
    expect(await a.presence.onlineClientIds("app1", ["hank"])).toEqual([]);
    await sleep(ttlMs / 3 + 200); // the next heartbeat notices
    expect(await a.presence.onlineClientIds("app1", ["hank"])).toEqual(["hank"]);
    expect(await a.presence.onlineClientIds("app3", ["ivy"])).toEqual(["ivy"]);
  });

  it("answers this node's sessions when Redis fails, and says so in the log", async () => {
    const a = await node();
    const b = await node();
    b.hub.add(session("app1", "jack"));
    a.hub.add(session("app1", "kate"));
    await Promise.all([a.presence.flush(), b.presence.flush()]);
    await a.presence.close({ cleanup: false }); // a's connection is gone from here on
    expect(await a.presence.onlineClientIds("app1", ["jack", "kate"])).toEqual(["kate"]);
    expect(a.logger.errors.length).toBeGreaterThan(0);
  });

  it("answers thousands of ids (a big chat room) in one call", async () => {
    const [a, b] = await Promise.all([node(), node()]);
    const ids = Array.from({ length: 12_000 }, (_, i) => `member-${i}`);
    for (const id of ids.filter((_, i) => i % 3 === 0)) b.hub.add(session("big", id));
    for (const id of ids.filter((_, i) => i % 3 === 1)) a.hub.add(session("big", id));
    await Promise.all([a.presence.flush(), b.presence.flush()]);
    const started = performance.now();
    const online = await a.presence.onlineClientIds("big", ids);
    const ms = performance.now() - started;
    expect(online).toHaveLength(8_000);
    expect(online.slice(0, 2)).toEqual(["member-0", "member-1"]);
    expect(ms).toBeLessThan(2_000);
  });
});
