import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/**
 * Absolute path of the generated migrations folder in this package, resolved
 * from this file (any cwd works). Code bundled elsewhere (tsup for the realtime
 * app) no longer sits next to it: copy the folder and pass `migrationsFolder`.
 */
export const migrationsFolder: string = join(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

/** Arbitrary constant key for pg_advisory_lock: ('p','r','l','y'). */
const MIGRATION_LOCK_KEY = 0x70726c79;

export interface MigrateDatabaseOptions {
  url: string;
  migrationsFolder?: string;
}

/**
 * Applies every pending migration. Serialised across processes with a
 * session-level advisory lock held on the single connection that runs them, so
 * two launchers starting at once apply each migration exactly once.
 */
export async function migrateDatabase(options: MigrateDatabaseOptions): Promise<void> {
  const sql = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      const db = drizzle({ client: sql, casing: "snake_case" });
      await migrate(db, { migrationsFolder: options.migrationsFolder ?? migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
