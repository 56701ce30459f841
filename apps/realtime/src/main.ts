// Composition root of the realtime app: validated environment → ports → server.
import { readFileSync } from "node:fs";
import { loadEnv } from "./env.js";
import { createConsoleLogger } from "./logger.js";
import { createRealtimeServer } from "./server.js";
import { createInMemoryAppDirectory, createInMemorySessionTokenStore } from "./testing/index.js";

const env = loadEnv();
const logger = createConsoleLogger();

// TODO(lead): build the database from env.DATABASE_URL (createDatabase({ url })) and replace the
// in-memory stores below with the PostgreSQL-backed AppDirectory / SessionTokenStore, and give
// healthCheck a real database ping. Until then no app exists, so every session/open gets 4100.
logger.warn("using in-memory app directory and session tokens (database not wired yet)", {
  database: env.DATABASE_URL.replace(/\/\/[^@/]*@/, "//***@"),
});
const apps = createInMemoryAppDirectory();
const sessionTokens = createInMemorySessionTokenStore();

const server = await createRealtimeServer({
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
  publicUrl: env.REALTIME_PUBLIC_URL,
  tls:
    env.REALTIME_TLS_CERT && env.REALTIME_TLS_KEY
      ? { cert: readFileSync(env.REALTIME_TLS_CERT), key: readFileSync(env.REALTIME_TLS_KEY) }
      : undefined,
  apps,
  sessionTokens,
  healthCheck: async () => true,
  logger,
});
logger.info("realtime server ready", { url: server.url });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  });
}
