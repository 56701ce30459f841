// Composition root of the realtime app: validated environment → database → core ports → server.
import { readFileSync } from "node:fs";
import { createDatabase } from "@parley/db";
import { createPostgresBackend } from "./backend.js";
import { createServerApi } from "./http/server-api/index.js";
import { loadEnv } from "./env.js";
import { createConsoleLogger } from "./logger.js";
import { createRealtimeServer } from "./server.js";

const env = loadEnv();
const logger = createConsoleLogger();

// The launcher applies migrations before starting this process (embedded PostgreSQL or DATABASE_URL).
const database = createDatabase({ url: env.DATABASE_URL, applicationName: "parley-realtime" });
logger.info("database", { url: env.DATABASE_URL.replace(/\/\/[^@/]*@/, "//***@") });
const backend = createPostgresBackend(database, { logger });
await backend.ready();

// LeanCloud's server REST API (/1.2/rtm) for app backends. Presence and kicks go through this
// node's session hub, which exists once the server does.
const late: { hub?: Awaited<ReturnType<typeof createRealtimeServer>>["hub"] } = {};
const serverApi = createServerApi({
  deps: backend.core,
  logger,
  presence: { onlineClientIds: async (appId, ids) => late.hub?.onlineClientIds(appId, ids) ?? [] },
  kick: async (appId, clientId, reason) => {
    const sessions = late.hub?.sessionsOf(appId, clientId).size ?? 0;
    // Through the bus, so the client is closed on whichever node holds its sessions.
    await backend.core.uow.run(async (tx) => {
      tx.emit([{ type: "ClientKicked", appId, clientId, reason, at: Date.now() }]);
    });
    return sessions;
  },
});

const server = await createRealtimeServer({
  restHandler: serverApi,
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
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
logger.info("realtime server ready", { url: server.url });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    server
      .close()
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
