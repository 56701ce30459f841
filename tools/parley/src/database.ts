import { join } from "node:path";
import { migrateDatabase, startEmbeddedPostgres } from "@parley/db";
import type { LauncherEnv } from "./config.js";

export interface OpenedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given, else the embedded PostgreSQL in the data folder; migrated either way. */
export async function openDatabase(
  env: Pick<LauncherEnv, "DATABASE_URL"> & { dataDir: string },
  opts: { log?: boolean } = {},
): Promise<OpenedDatabase> {
  const log = (m: string) => opts.log && console.log(`[parley] ${m}`);
  let opened: OpenedDatabase;
  if (env.DATABASE_URL) {
    log("database: DATABASE_URL (external PostgreSQL)");
    opened = { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    log(`database: embedded PostgreSQL in ${join(env.dataDir, "pg")}`);
    const pg = await startEmbeddedPostgres({ dataDir: join(env.dataDir, "pg") });
    opened = { url: pg.url, embedded: true, stop: () => pg.stop() };
  }
  try {
    await migrateDatabase({ url: opened.url });
    log("migrations applied");
  } catch (err) {
    await opened.stop();
    throw err;
  }
  return opened;
}
