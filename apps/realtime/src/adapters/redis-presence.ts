// Presence shared by several realtime nodes through Redis (REDIS_URL). Each node writes the
// session counts of its own hub; queries add up every live node's counts in one round trip.
//
// Keys (all under `keyPrefix`):
//   nodes                         SET     ids of nodes that registered (dead ones are pruned)
//   node:<nodeId>                 STRING  the node's heartbeat ({host, pid, startedAt}), PX ttl
//   sessions:<nodeId>:<appId>     HASH    clientId → sessions of that client on that node, PX ttl
//
// A heartbeat every `heartbeatMs` renews the node key and its hashes. A node that stops without
// cleaning up (crash, kill -9, network split) drops out of every answer once its heartbeat key
// expires, at most `ttlMs` after its last heartbeat; its hashes expire with it. A node that finds
// its own keys gone (Redis restarted, the node stalled longer than the TTL, a reconnect) rewrites
// them from its hub. Writes are absolute counts, so rewriting is always safe.
//
// The scripts touch keys they compute, so this needs one Redis (or a Sentinel-managed primary),
// not Redis Cluster.
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Presence } from "@parley/core";
import { Redis, type ChainableCommander } from "ioredis";
import type { Session } from "../connection/session.js";
import type { SessionHub } from "../fanout/session-hub.js";
import type { Logger } from "../logger.js";
import { shareHubPresence } from "./presence.js";

export interface RedisPresenceOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** Prefix of every key (one per deployment when deployments share a Redis). Default "parley:". */
  keyPrefix?: string;
  /** A node that stops heart-beating is forgotten after this. Default 30 s. */
  ttlMs?: number;
  /** Default ttlMs / 3. */
  heartbeatMs?: number;
  /** A Redis command that takes longer fails (queries then answer from this node alone). Default 2 s. */
  commandTimeoutMs?: number;
  /** start() gives up after this. Default 10 s. */
  startTimeoutMs?: number;
  /** Default: random. */
  nodeId?: string;
  logger: Logger;
}

export interface RedisPresence extends Presence {
  readonly nodeId: string;
  readonly keyPrefix: string;
  /** Connects and registers this node; rejects with a message naming REDIS_URL when Redis cannot be reached. */
  start(): Promise<void>;
  /**
   * Registers the hub's sessions (those it has now and every later change) as this node's, and
   * makes the hub's Presence port (chat-room counts, session/query) answer through this registry.
   */
  attach(hub: SessionHub): void;
  /** Sessions of a client on every live node. */
  sessionCount(appId: string, clientId: string): Promise<number>;
  /** Resolves once changes made so far were written (or failed; a later heartbeat repairs them). */
  flush(): Promise<void>;
  /**
   * Stops. `cleanup` (default) first removes this node's entries; `cleanup: false` just drops the
   * connection, as a crash would, and leaves them to expire.
   */
  close(options?: { cleanup?: boolean }): Promise<void>;
}

/** KEYS[1] nodes set. ARGV: prefix, appId, own node id (skipped), client ids… → per id, sessions on other live nodes. */
const COUNT_SCRIPT = `
local prefix, app, self = ARGV[1], ARGV[2], ARGV[3]
local n = #ARGV - 3
local counts = {}
for i = 1, n do counts[i] = 0 end
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = prefix .. 'sessions:' .. node .. ':' .. app
  if node ~= self and redis.call('EXISTS', prefix .. 'node:' .. node) == 1 and redis.call('EXISTS', key) == 1 then
    for first = 1, n, 1000 do
      local last = math.min(first + 999, n)
      local values = redis.call('HMGET', key, unpack(ARGV, first + 3, last + 3))
      for j = 1, #values do
        if values[j] then counts[first + j - 1] = counts[first + j - 1] + tonumber(values[j]) end
      end
    end
  end
end
return counts
`;

/** KEYS[1] nodes set. ARGV[1] prefix → number of dead nodes pruned from the set. */
const PRUNE_SCRIPT = `
local pruned = 0
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. 'node:' .. node) == 0 then
    redis.call('SREM', KEYS[1], node)
    pruned = pruned + 1
  end
end
return pruned
`;

/** Client ids per script call (one round trip either way: the calls are pipelined). */
const IDS_PER_CALL = 5_000;
/** Fields per HSET when a node rewrites its entries. */
const FIELDS_PER_HSET = 1_000;
/** At most one logged Redis failure per this many ms. */
const ERROR_LOG_INTERVAL_MS = 10_000;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The URL without its password, for logs and errors. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

export function createRedisPresence(options: RedisPresenceOptions): RedisPresence {
  const { logger } = options;
  const prefix = options.keyPrefix ?? "parley:";
  const ttlMs = options.ttlMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const nodeId = options.nodeId ?? randomBytes(8).toString("hex");
  const nodesKey = `${prefix}nodes`;
  const nodeKey = `${prefix}node:${nodeId}`;
  const sessionsKey = (appId: string) => `${prefix}sessions:${nodeId}:${appId}`;
  const nodeInfo = JSON.stringify({ host: hostname(), pid: process.pid, startedAt: new Date().toISOString() });

  const redis = new Redis(options.url, {
    lazyConnect: true,
    // Fail fast while Redis is away: writes are repaired by a rewrite, queries fall back to this node.
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    connectTimeout: 5_000,
  });

  /** This node's sessions per app and client (what its hub holds). Apps stay once seen. */
  const local = new Map<string, Map<string, number>>();
  /** Rewrite everything at the next heartbeat or reconnect (a write failed, or keys went missing). */
  let rewrite = false;
  /** Writes sent and not yet answered (flush and close wait for them). */
  const inFlight = new Set<Promise<void>>();
  let beating = false;
  let started = false;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastErrorLog = 0;
  const undo: Array<() => void> = [];

  function logFailure(message: string, err: unknown): void {
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    logger.error(message, { err, nodeId });
  }

  redis.on("error", (err: unknown) => logFailure("redis presence: connection error", err));
  redis.on("ready", () => {
    if (!started || closed) return;
    // A reconnect: Redis may have restarted, and writes were skipped meanwhile.
    track(rewriteAll());
  });

  function track(write: Promise<void>): void {
    const settled = write.catch((err: unknown) => {
      rewrite = true;
      logFailure("redis presence: write failed (rewritten on the next heartbeat)", err);
    });
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  }

  async function exec(multi: ChainableCommander): Promise<unknown[]> {
    const results = await multi.exec();
    if (!results) throw new Error("redis transaction aborted");
    return results.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }

  /**
   * A session came or went: the client's count on this node is written at once. The command
   * leaves in the caller's turn (ioredis writes to the socket synchronously), so a login is in
   * Redis before its `session/opened` reply reaches the client. One connection keeps the order.
   */
  function changed(session: Session, delta: 1 | -1): void {
    if (closed) return;
    const { appId, clientId } = session;
    let clients = local.get(appId);
    if (!clients) local.set(appId, (clients = new Map()));
    const count = (clients.get(clientId) ?? 0) + delta;
    if (count > 0) clients.set(clientId, count);
    else clients.delete(clientId);
    if (!started) return; // start() writes everything
    if (redis.status !== "ready") {
      rewrite = true; // written in full on reconnect
      return;
    }
    const key = sessionsKey(appId);
    const multi = redis.multi();
    if (count > 0) multi.hset(key, clientId, count).pexpire(key, ttlMs);
    else multi.hdel(key, clientId);
    track(exec(multi).then(() => undefined));
  }

  /** Replaces every entry of this node with what its hub holds now. */
  async function rewriteAll(): Promise<void> {
    if (closed) return;
    rewrite = false;
    const multi = redis.multi();
    multi.set(nodeKey, nodeInfo, "PX", ttlMs);
    multi.sadd(nodesKey, nodeId);
    for (const [appId, clients] of local) {
      const key = sessionsKey(appId);
      multi.del(key);
      const fields = [...clients].flatMap(([clientId, count]) => [clientId, String(count)]);
      for (let i = 0; i < fields.length; i += 2 * FIELDS_PER_HSET) multi.hset(key, ...fields.slice(i, i + 2 * FIELDS_PER_HSET));
      if (fields.length > 0) multi.pexpire(key, ttlMs);
    }
    try {
      await exec(multi);
    } catch (err) {
      rewrite = true;
      throw err;
    }
  }

  /** Renews this node's keys; rewrites them when they were missing or a write failed. */
  async function beat(): Promise<void> {
    const apps = [...local].filter(([, clients]) => clients.size > 0).map(([appId]) => appId);
    const multi = redis.multi();
    multi.set(nodeKey, nodeInfo, "PX", ttlMs, "GET");
    multi.sadd(nodesKey, nodeId);
    for (const appId of apps) multi.pexpire(sessionsKey(appId), ttlMs);
    const [previous, , ...renewed] = await exec(multi);
    if (closed) return;
    if (previous === null || renewed.some((r) => r === 0)) {
      // Our keys expired (a stall longer than the TTL) or Redis lost them: write them again.
      if (started) logger.warn("redis presence: this node's entries were missing; rewriting them", { nodeId });
      rewrite = true;
    }
    if (rewrite) await rewriteAll();
    await script(PRUNE_SCRIPT, [nodesKey], [prefix]);
  }

  function onHeartbeat(): void {
    if (beating || closed) return;
    beating = true;
    const done = beat()
      .catch((err: unknown) => {
        rewrite = true;
        logFailure("redis presence: heartbeat failed", err);
      })
      .finally(() => {
        beating = false;
        inFlight.delete(done);
      });
    inFlight.add(done);
  }

  async function script(lua: string, keys: string[], args: string[]): Promise<unknown> {
    const sha = sha1(lua);
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith("NOSCRIPT"))) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  }

  /** Sessions on the other live nodes, per id (same order). */
  async function remoteCounts(appId: string, clientIds: readonly string[]): Promise<number[]> {
    if (clientIds.length === 0) return [];
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < clientIds.length; i += IDS_PER_CALL) {
      calls.push(script(COUNT_SCRIPT, [nodesKey], [prefix, appId, nodeId, ...clientIds.slice(i, i + IDS_PER_CALL)]));
    }
    return (await Promise.all(calls)).flatMap((counts) => (counts as number[]).map(Number));
  }

  /** Other nodes' counts, or none (with a logged error) while Redis fails: this node still answers. */
  async function remoteCountsOrNone(appId: string, clientIds: readonly string[]): Promise<number[]> {
    if (redis.status !== "ready") {
      logFailure("redis presence: not connected; answering from this node's sessions only", new Error(`redis status ${redis.status}`));
      return clientIds.map(() => 0);
    }
    try {
      return await remoteCounts(appId, clientIds);
    } catch (err) {
      logFailure("redis presence: query failed; answering from this node's sessions only", err);
      return clientIds.map(() => 0);
    }
  }

  const presence: RedisPresence = {
    nodeId,
    keyPrefix: prefix,

    async start() {
      const timeoutMs = options.startTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          (async () => {
            await redis.connect();
            await rewriteAll(); // sessions attached before start, or nothing: write what we hold
            await script(PRUNE_SCRIPT, [nodesKey], [prefix]);
          })(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (err) {
        redis.disconnect();
        const cause = err instanceof Error ? err.message : String(err);
        throw new Error(`Redis at ${redactRedisUrl(options.url)} (REDIS_URL) is not reachable: ${cause}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
      started = true;
      heartbeat = setInterval(onHeartbeat, heartbeatMs);
      heartbeat.unref();
      logger.info("redis presence: node registered", { nodeId, url: redactRedisUrl(options.url), keyPrefix: prefix, ttlMs });
    },

    attach(hub) {
      undo.push(hub.observe({ sessionAdded: (s) => changed(s, 1), sessionRemoved: (s) => changed(s, -1) }));
      undo.push(shareHubPresence(hub, presence));
    },

    async onlineClientIds(appId, clientIds) {
      const unique = [...new Set(clientIds)];
      const here = local.get(appId);
      const elsewhere = unique.filter((id) => !here?.has(id));
      const counts = await remoteCountsOrNone(appId, elsewhere);
      const online = new Set(elsewhere.filter((_, i) => counts[i]! > 0));
      return unique.filter((id) => here?.has(id) || online.has(id));
    },

    async sessionCount(appId, clientId) {
      const [remote = 0] = await remoteCountsOrNone(appId, [clientId]);
      return (local.get(appId)?.get(clientId) ?? 0) + remote;
    },

    async flush() {
      await Promise.all(inFlight);
    },

    async close({ cleanup = true } = {}) {
      if (closed) return;
      clearInterval(heartbeat);
      for (const fn of undo.splice(0)) fn();
      if (!cleanup || !started) {
        closed = true;
        redis.disconnect();
        return;
      }
      closed = true;
      await Promise.all(inFlight);
      try {
        const multi = redis.multi();
        for (const appId of local.keys()) multi.del(sessionsKey(appId));
        multi.del(nodeKey);
        multi.srem(nodesKey, nodeId);
        await exec(multi);
        await redis.quit();
      } catch (err) {
        logger.warn("redis presence: could not remove this node's entries (they expire on their own)", { err, nodeId });
        redis.disconnect();
      }
    },
  };
  return presence;
}
