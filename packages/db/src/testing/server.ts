import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../embedded.js";
import { migrateDatabase } from "../migrate.js";

/** What globalSetup hands to test files through vitest's provide/inject. */
export interface TestDatabaseServer {
  /** URL of a maintenance database on the test server (used for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** Migrated template every test database is copied from. */
  template: string;
  /** Prefix of every database this run creates. */
  prefix: string;
  /** "embedded" or "external" (TEST_DATABASE_URL). */
  kind: "embedded" | "external";
  /** server_version_num, so tests can name version differences. */
  serverVersion: number;
}

export const DATABASE_PREFIX = "parley_test_";
const STALE_AFTER_MS = 24 * 3600 * 1000;

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
};

const admin = (url: string) => postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = admin(adminUrl);
  try {
    await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const TEMP_PREFIX = "parley-test-pg-";

/** Removes embedded clusters of test runs that were killed before their teardown (no live server, over an hour old). */
const sweepStaleClusters = async (): Promise<void> => {
  const root = tmpdir();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(root, name);
    try {
      if (Date.now() - (await stat(dir)).mtimeMs < 3600_000) continue;
      const pid = Number.parseInt((await readFile(join(dir, "data", "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0] ?? "", 10);
      if (Number.isFinite(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          continue; // still running
        } catch {
          // dead: fall through
        }
      }
      await rm(dir, { recursive: true, force: true });
    } catch {
      // another run is sweeping too, or it is not ours to remove
    }
  }
};

/** Drops databases left behind by test runs that died more than a day ago (external servers only). */
const dropStaleDatabases = async (sql: postgres.Sql): Promise<void> => {
  const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${DATABASE_PREFIX}%`}`;
  const now = Date.now();
  for (const { datname } of rows) {
    const stamp = Number.parseInt(datname.slice(DATABASE_PREFIX.length).split("_")[0] ?? "", 36);
    if (Number.isFinite(stamp) && now - stamp > STALE_AFTER_MS) {
      await sql.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`).catch(() => undefined);
    }
  }
};

/**
 * Starts (or connects to) the server for one test run and migrates a template
 * database once. Returns the data for test files and a teardown.
 */
export async function provisionTestServer(options: { externalUrl?: string | undefined }): Promise<{
  server: TestDatabaseServer;
  teardown: () => Promise<void>;
}> {
  const prefix = `${DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const template = `${prefix}_template`;

  let adminUrl: string;
  let kind: TestDatabaseServer["kind"];
  let stopServer = async (): Promise<void> => {};
  if (options.externalUrl) {
    adminUrl = options.externalUrl;
    kind = "external";
  } else {
    await sweepStaleClusters();
    const dir = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
    await chmod(dir, 0o755); // PostgreSQL runs as user "postgres" when we are root
    const pg = await startEmbeddedPostgres({
      dataDir: join(dir, "data"),
      database: "postgres",
      // A throw-away cluster: durability buys nothing here.
      settings: { fsync: false, full_page_writes: false, max_connections: 400 },
    });
    adminUrl = pg.adminUrl;
    kind = "embedded";
    stopServer = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }

  let serverVersion: number;
  try {
    const sql = admin(adminUrl);
    try {
      const [row] = await sql<{ v: string }[]>`select current_setting('server_version_num') as v`;
      serverVersion = Number(row?.v ?? 0);
      if (kind === "external") await dropStaleDatabases(sql);
      await sql.unsafe(`create database ${quoteIdent(template)}`);
    } finally {
      await sql.end({ timeout: 5 });
    }
    await migrateDatabase({ url: withDatabase(adminUrl, template) });
  } catch (e) {
    await stopServer();
    throw e;
  }

  const teardown = async (): Promise<void> => {
    try {
      if (kind === "external") {
        const sql = admin(adminUrl);
        try {
          const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`}`;
          for (const { datname } of rows) await sql.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`);
        } finally {
          await sql.end({ timeout: 5 });
        }
      }
    } finally {
      await stopServer();
    }
  };

  return { server: { adminUrl, template, prefix, kind, serverVersion }, teardown };
}
