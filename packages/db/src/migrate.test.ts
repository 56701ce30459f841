import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationsFolder } from "./migrate.js";
import { dropDatabase, quoteIdent, withDatabase } from "./testing/server.js";
import { testDatabaseServer } from "./testing/index.js";

describe("migrateDatabase", () => {
  const server = testDatabaseServer();
  const name = `${server.prefix}_empty_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(server.adminUrl, name);

  afterAll(() => dropDatabase(server.adminUrl, name));

  it("applies every migration to an empty database, concurrently and idempotently", async () => {
    const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${quoteIdent(name)} template template0 encoding 'UTF8'`);
    await admin.end();

    // Two "processes" racing at start-up, then a third run that finds nothing to do.
    await Promise.all([migrateDatabase({ url }), migrateDatabase({ url, migrationsFolder })]);
    await migrateDatabase({ url });

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ table_name: string }[]>`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          "apps",
          "audit_log",
          "client_notifications",
          "conversation_blocks",
          "conversation_members",
          "conversation_silences",
          "conversations",
          "event_payloads",
          "message_revisions",
          "messages",
          "operator_sessions",
          "operators",
          "session_tokens",
        ]),
      );
      const files = (await readdir(migrationsFolder)).filter((f) => f.endsWith(".sql"));
      const applied = await sql`select hash from drizzle.__drizzle_migrations`;
      expect(applied).toHaveLength(files.length);
    } finally {
      await sql.end();
    }
  });
});
