// Composition root of the realtime app: validated environment → database → core ports → server.
import { readFileSync } from "node:fs";
import { createDatabase, createServiceWebhookStore } from "@parley/db";
import { createRedisPresence } from "./adapters/redis-presence.js";
import { createServerApiPorts } from "./adapters/server-api-ports.js";
import { createPostgresBackend } from "./backend.js";
import { createServerApi } from "./http/server-api/index.js";
import { loadEnv } from "./env.js";
import { createConsoleLogger } from "./logger.js";
import { createRealtimeServer } from "./server.js";
import { startServiceWebhookForwarder } from "./webhooks/service-webhook.js";

const env = loadEnv();
const logger = createConsoleLogger();

// The launcher applies migrations before starting this process (embedded PostgreSQL or DATABASE_URL).
const database = createDatabase({ url: env.DATABASE_URL, applicationName: "parley-realtime", statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS });
logger.info("database", { url: env.DATABASE_URL.replace(/\/\/[^@/]*@/, "//***@") });
const backend = createPostgresBackend(database, { logger, unavailableAfterMs: env.DATABASE_UNAVAILABLE_AFTER_MS });
await backend.ready();

// Several nodes (REDIS_URL): presence is shared through Redis; alone, this node's hub answers.
const shared = env.REDIS_URL
  ? createRedisPresence({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, ttlMs: env.REALTIME_PRESENCE_TTL_SECONDS * 1000, logger })
  : undefined;
if (shared) {
  await shared.start().catch((err: unknown) => {
    logger.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
} else {
  logger.info("presence: this node only (set REDIS_URL to run several realtime nodes)");
}

// LeanCloud's server REST API (/1.2/rtm) for app backends. Presence and kicks go through the
// shared registry, or this node's session hub, which exists once the server does.
const late: { hub?: Awaited<ReturnType<typeof createRealtimeServer>>["hub"] } = {};
const serverApi = createServerApi({
  deps: backend.core,
  logger,
  ...createServerApiPorts({ uow: backend.core.uow, hub: () => late.hub, shared, logger }),
});

const server = await createRealtimeServer({
  restHandler: serverApi,
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
  commandDeadlineMs: env.REALTIME_COMMAND_DEADLINE_MS,
  upgradeTimeoutMs: env.REALTIME_UPGRADE_TIMEOUT_MS,
  publicUrl: env.REALTIME_PUBLIC_URL,
  tls:
    env.REALTIME_TLS_CERT && env.REALTIME_TLS_KEY
      ? { cert: readFileSync(env.REALTIME_TLS_CERT), key: readFileSync(env.REALTIME_TLS_KEY) }
      : undefined,
  core: backend.core,
  bus: backend.bus,
  healthCheck: async () => {
    await database.sql`select 1`;
    return true;
  },
  logger,
});
late.hub = server.hub;
shared?.attach(server.hub);
// What subscribers send to service conversations, POSTed to each app's serviceWebhookUrl.
// Every node runs it; the database cursor lets one node send an app's batch at a time.
const webhooks = startServiceWebhookForwarder({ store: createServiceWebhookStore(database), logger });
logger.info("realtime server ready", { url: server.url });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    server
      .close()
      .then(() => webhooks.stop())
      .then(() => shared?.close())
      .then(() => backend.close())
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error("shutdown failed", { err });
          process.exit(1);
        },
      );
  });
}
