import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.js";

describe("startEmbeddedPostgres", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("initialises a UTF8 cluster once, reuses it, creates the database and stops cleanly", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-embedded-"));
    dirs.push(dir);
    await chmod(dir, 0o755);
    const dataDir = join(dir, "data");

    const first = await startEmbeddedPostgres({ dataDir });
    expect(first.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/parley$/);
    let sql = postgres(first.url, { max: 1, onnotice: () => {} });
    const [info] = await sql<{ db: string; enc: string; v: string }[]>`
      select current_database() as db, current_setting('server_encoding') as enc, current_setting('server_version_num') as v`;
    expect(info).toMatchObject({ db: "parley", enc: "UTF8" });
    await sql`create table kept (x int)`;
    await sql`insert into kept values (42)`;
    await sql.end();

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already in use/);
    await first.stop();
    await first.stop(); // idempotent

    const second = await startEmbeddedPostgres({ dataDir, database: "parley" });
    sql = postgres(second.url, { max: 1, onnotice: () => {} });
    expect(await sql`select x from kept`).toEqual([{ x: 42 }]);
    await sql.end();
    await second.stop();
  });

  it("refuses a non-empty directory that is not a cluster", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parley-embedded-"));
    dirs.push(dir);
    await writeFile(join(dir, "something.txt"), "hello");
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/not a PostgreSQL cluster/);
  });
});
