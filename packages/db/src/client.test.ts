import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client.js";
import { createTestDatabase, type TestDatabase } from "./testing/index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe("createDatabase", () => {
  it("sets statement_timeout on every connection (default 30 s)", async () => {
    const database = createDatabase({ url: t.url, max: 2 });
    try {
      const [row] = await database.sql<{ statement: string; app: string }[]>`
        select current_setting('statement_timeout') as statement, current_setting('application_name') as app`;
      expect(row).toEqual({ statement: "30s", app: "parley" });
    } finally {
      await database.close();
    }
  });

  it("passes idleInTransactionTimeoutMs and applicationName to the server", async () => {
    const database = createDatabase({ url: t.url, max: 1, idleInTransactionTimeoutMs: 90_000, applicationName: "parley-x" });
    try {
      const [row] = await database.sql<{ idle: string; app: string }[]>`
        select current_setting('idle_in_transaction_session_timeout') as idle, current_setting('application_name') as app`;
      expect(row).toEqual({ idle: "90s", app: "parley-x" });
    } finally {
      await database.close();
    }
  });

  it("statementTimeoutMs: PostgreSQL cancels a longer statement (57014)", async () => {
    const database = createDatabase({ url: t.url, max: 1, statementTimeoutMs: 100 });
    try {
      await expect(database.sql`select pg_sleep(2)`).rejects.toMatchObject({ code: "57014" });
      expect(await database.sql`select 1 as one`).toEqual([{ one: 1 }]); // the connection is still usable
    } finally {
      await database.close();
    }
  });

  it("connectTimeoutMs: a server that accepts TCP but never answers fails queries instead of hanging", async () => {
    const silent = net.createServer(() => undefined); // accepts, then says nothing
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    const database = createDatabase({ url: `postgres://nobody@127.0.0.1:${port}/none`, max: 1, connectTimeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(database.sql`select 1`).rejects.toMatchObject({ code: "CONNECT_TIMEOUT" });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await database.close();
      silent.close();
    }
  });
});
