// Realtime nodes in this test process, wired as main.ts wires them with REDIS_URL: each has its
// own PostgreSQL pool and LISTEN/NOTIFY bus on the file's database, its own Redis presence
// registry, and the server REST API on its own presence and kick ports.
import type { App } from "@parley/core";
import { createRedisPresence, type RedisPresence } from "../../src/adapters/redis-presence.js";
import { createServerApiPorts, type ServerApiPorts } from "../../src/adapters/server-api-ports.js";
import type { SessionHub } from "../../src/fanout/session-hub.js";
import { createServerApi } from "../../src/http/server-api/index.js";
import { createRealtimeServer } from "../../src/server.js";
import { createSilentLogger, openTestBackend } from "../../src/testing/index.js";
import type { TestServer } from "../sdk/harness.js";
import { TEST_REDIS_URL } from "./redis.js";

export interface TestNode extends TestServer {
  readonly presence: RedisPresence;
  /** What the REST API's check-online and kick call (the kick's session count is not in LeanCloud's answer). */
  readonly ports: ServerApiPorts;
  /** Like kill -9 for presence: the registry's connection drops without removing anything, then the server goes. */
  crash(): Promise<void>;
}

export interface StartNodeOptions {
  keyPrefix: string;
  /** Presence TTL of this node (short in tests). Default 30 s. */
  ttlMs?: number;
}

export async function startNode(app: App, options: StartNodeOptions): Promise<TestNode> {
  const backend = await openTestBackend();
  const logger = createSilentLogger();
  const presence = createRedisPresence({ url: TEST_REDIS_URL, keyPrefix: options.keyPrefix, ttlMs: options.ttlMs ?? 30_000, logger });
  await presence.start();
  const late: { hub?: SessionHub } = {};
  const ports = createServerApiPorts({ uow: backend.core.uow, hub: () => late.hub, shared: presence, logger });
  const serverApi = createServerApi({ deps: backend.core, logger, ...ports });
  const server = await createRealtimeServer({ port: 0, host: "127.0.0.1", logger, core: backend.core, bus: backend.bus, restHandler: serverApi });
  late.hub = server.hub;
  presence.attach(server.hub);

  let stopped: Promise<void> | undefined;
  const stop = (cleanup: boolean) =>
    (stopped ??= (async () => {
      if (!cleanup) await presence.close({ cleanup: false });
      await server.close({ graceMs: 0, goaway: false });
      await presence.close();
      await backend.close();
    })());
  return {
    server,
    app,
    backend,
    logger,
    presence,
    ports,
    port: server.port,
    url: server.url,
    wsUrl: server.wsUrl,
    restart: () => Promise.reject(new Error("not supported by test nodes")),
    close: () => stop(true),
    crash: () => stop(false),
  };
}

/** A server REST API call with the app's master key. */
export async function restCall(node: TestNode, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path, node.url), {
    method,
    headers: {
      "X-LC-Id": node.app.id,
      "X-LC-Key": `${node.app.masterKey},master`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
