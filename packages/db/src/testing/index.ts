import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createDatabase, type Database } from "../client.js";
import { dropDatabase, quoteIdent, withDatabase, type TestDatabaseServer } from "./server.js";

import "./context.js"; // ProvidedContext augmentation

export type { TestDatabaseServer } from "./server.js";

export interface TestDatabase {
  /** Database name (unique per call). */
  name: string;
  url: string;
  /** Drops the database (terminating any connection still open). Idempotent. */
  drop(): Promise<void>;
}

export const testDatabaseServer = (): TestDatabaseServer => {
  const server = inject("parleyTestDatabaseServer");
  if (!server) {
    throw new Error('No test database server: add globalSetup: ["@parley/db/testing/global-setup"] to the vitest config');
  }
  return server;
};

/** A fresh, migrated database copied from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testDatabaseServer();
  const name = `${server.prefix}_${randomBytes(5).toString("hex")}`;
  const sql = postgres(server.adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql.unsafe(`create database ${quoteIdent(name)} template ${quoteIdent(server.template)}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(server.adminUrl, name),
    drop: () => (dropped ??= dropDatabase(server.adminUrl, name)),
  };
}

export interface OpenTestDatabase extends Database {
  name: string;
  /** Closes the pool, then drops the database. */
  dispose(): Promise<void>;
}

/** createTestDatabase() plus a small pool on it (keeps the shared server under its connection limit). */
export async function openTestDatabase(options: { max?: number } = {}): Promise<OpenTestDatabase> {
  const t = await createTestDatabase();
  const database = createDatabase({ url: t.url, max: options.max ?? 4, applicationName: "parley-test" });
  return {
    ...database,
    name: t.name,
    dispose: async () => {
      await database.close();
      await t.drop();
    },
  };
}
