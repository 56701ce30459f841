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
}

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
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "parley" },
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
