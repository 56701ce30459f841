import { drizzle } from "drizzle-orm/postgres-js";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
export type Sql = postgres.Sql;

export interface CreateDatabaseOptions {
  url: string;
  /** Pool size (default 10). */
  max?: number;
  /** Seconds an idle connection is kept (default 30). */
  idleTimeout?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /**
   * Milliseconds to open a connection (TCP, startup, authentication) before the queries waiting
   * for it fail with CONNECT_TIMEOUT (default 10 s). Covers a server that accepts the TCP
   * connection but never answers (stopped, overloaded).
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL `statement_timeout` of every pool connection, ms: the server cancels a statement
   * (lock waits included) running longer, and the query fails with SQLSTATE 57014 (default 30 s;
   * 0 leaves the server's own setting). Only works while the server runs: a stopped server is the client's deadline's job.
   */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL `idle_in_transaction_session_timeout`, ms: the server ends a session that sits idle
   * inside an open transaction this long, releasing its locks (default 0: the server's setting,
   * normally off). Off by default because Parley never leaves a transaction idle (only a stalled
   * process does, and statement_timeout already bounds what waits on its locks), while postgres.js
   * 3.4 cannot survive the server closing a reserved connection: the next statement on it throws
   * an uncatchable TypeError from `nextWrite` (porsager/postgres#1208), and releasing it puts a
   * dead connection back in the pool.
   */
  idleInTransactionTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export interface Database {
  db: Db;
  sql: Sql;
  url: string;
  close(): Promise<void>;
}

/** One postgres.js pool plus a drizzle instance over it. Never a module global: callers own it and close it. */
export function createDatabase(options: CreateDatabaseOptions): Database {
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    idle_timeout: options.idleTimeout ?? 30,
    // postgres.js takes seconds (fractions work: it multiplies by 1000).
    connect_timeout: (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) / 1000,
    onnotice: () => {},
    // Startup parameters: applied by the server to each new session before its first query, so
    // every connection of the pool (and the event bus's LISTEN connection) has them without an
    // extra round trip. postgres.js leaves out falsy values (0 = the server's setting). PgBouncer
    // refuses unknown startup parameters: behind it, pass 0 and set the timeouts on the role instead.
    connection: {
      application_name: options.applicationName ?? "parley",
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 0,
    },
  });
  const db = drizzle({ client: sql, schema, casing: "snake_case" });
  let closing: Promise<void> | undefined;
  return {
    db,
    sql,
    url: options.url,
    close: () => (closing ??= sql.end({ timeout: 5 })),
  };
}
