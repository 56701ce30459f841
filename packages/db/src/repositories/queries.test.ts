import { DomainError, type Conversation, type ConversationFilter, type ConversationQuery } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUnitOfWork, type PgUnitOfWork } from "../unit-of-work.js";
import { openTestDatabase, type OpenTestDatabase } from "../testing/index.js";
import * as f from "../testing/fixtures.js";
import { toPostgresRegex } from "./regex.js";

let t: OpenTestDatabase;
let uow: PgUnitOfWork;
const APP = "app-q";

beforeAll(async () => {
  t = await openTestDatabase();
  uow = createUnitOfWork({ database: t });
  await uow.run((tx) => tx.apps.insert(f.app(APP)));
});
afterAll(() => t.dispose());

const query = (q: Partial<ConversationQuery> & { filter: ConversationFilter }) =>
  uow.run((tx) => tx.conversations.query(APP, { sort: [], limit: 1000, skip: 0, ...q }));
const ids = (cs: Conversation[]) => cs.map((c) => c.id);

describe("regular expressions: ECMAScript patterns evaluated by PostgreSQL", () => {
  const cases: [pattern: string, flags: "" | "i" | "m" | "im", inputs: string[]][] = [
    ["^ab+c$", "", ["abbc", "ac", "xabc", "ABC"]],
    ["colou?r", "i", ["COLOR", "colour", "col"]],
    ["\\bcat\\b", "", ["a cat here", "concatenate", "cat"]],
    ["\\Bcat", "", ["concat", "cat"]],
    ["\\x41\\u0042", "", ["AB", "ab"]],
    ["(?<word>ha)\\k<word>", "", ["haha", "ha"]],
    ["a.c", "", ["abc", "a\nc"]],
    ["^line2$", "m", ["line1\nline2\nline3", "line2x"]],
    ["^line2$", "", ["line1\nline2", "line2"]],
    ["\\d{3}-\\d{4}", "", ["555-1234", "55-1234"]],
    ["[^]", "", ["x", ""]],
    ["a[]", "", ["a", "a[]"]],
    ["\\/path\\/", "", ["/path/", "path"]],
    ["(?=.*x)y", "", ["xy", "y"]],
    ["é", "i", ["É", "e"]],
    ["\\.json$", "", ["a.json", "ajson"]],
  ];

  it.each(cases)("%s /%s", async (pattern, flags, inputs) => {
    const re = toPostgresRegex(pattern, flags);
    for (const input of inputs) {
      const [row] = await t.sql<{ m: boolean }[]>`select (${input}::text collate "default") ~ ${re} as m`;
      expect({ input, matches: row!.m }).toEqual({ input, matches: new RegExp(pattern, flags).test(input) });
    }
  });

  it("reports a pattern PostgreSQL rejects as CONVERSATION_QUERY_INVALID", async () => {
    const error = await query({ filter: { op: "regex", field: { kind: "column", column: "name" }, pattern: "(", flags: "" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("CONVERSATION_QUERY_INVALID");
  });
});

describe("conversation queries", () => {
  it("attribute paths walk objects only; numeric segments do not index arrays", async () => {
    const arr = f.conversation(APP, { attributes: { list: ["a", "b"], obj: { "0": "zero" } } });
    await uow.run((tx) => tx.conversations.insert(arr));
    const at = (path: string[], value: string) =>
      query({ filter: { op: "and", filters: [{ op: "eq", field: { kind: "column", column: "objectId" }, value: arr.id }, { op: "eq", field: { kind: "attribute", path }, value }] } });
    expect(ids(await at(["list", "0"], "a"))).toEqual([]);
    expect(ids(await at(["obj", "0"], "zero"))).toEqual([arr.id]);
    expect(ids(await at(["list"], "b"))).toEqual([arr.id]);
  });

  it("accepts long $in lists (getConversations sends up to 999 ids)", async () => {
    const many = Array.from({ length: 30 }, () => f.conversation(APP, { name: "bulk" }));
    await uow.run(async (tx) => {
      for (const c of many) await tx.conversations.insert(c);
    });
    const wanted = [...many.map((c) => c.id), ...Array.from({ length: 969 }, () => f.nextObjectId())];
    const found = await query({ filter: { op: "in", field: { kind: "column", column: "objectId" }, values: wanted } });
    expect(new Set(ids(found))).toEqual(new Set(many.map((c) => c.id)));
  });

  it("pages with a keyset on (lm desc, objectId) — nulls last — matching one big sorted query", async () => {
    const tag = `keyset-${Date.now()}`;
    const convs = Array.from({ length: 37 }, (_, i) =>
      f.conversation(APP, {
        attributes: { tag },
        lastMessageAt: i % 5 === 0 ? null : new Date(f.T0 + Math.floor(i / 3) * 1000),
      }),
    );
    await uow.run(async (tx) => {
      for (const c of convs) await tx.conversations.insert(c);
    });
    const mine: ConversationFilter = { op: "eq", field: { kind: "attribute", path: ["tag"] }, value: tag };
    const sort = [{ field: { kind: "column" as const, column: "lm" as const }, direction: "desc" as const }];
    const all = await query({ filter: mine, sort });
    expect(all).toHaveLength(37);

    const lm = { kind: "column", column: "lm" } as const;
    const objectId = { kind: "column", column: "objectId" } as const;
    const paged: Conversation[] = [];
    let last: Conversation | undefined;
    for (;;) {
      let after: ConversationFilter = { op: "true" };
      if (last) {
        after =
          last.lastMessageAt === null
            ? { op: "and", filters: [{ op: "exists", field: lm, exists: false }, { op: "gt", field: objectId, value: last.id }] }
            : {
                op: "or",
                filters: [
                  { op: "lt", field: lm, value: last.lastMessageAt },
                  { op: "and", filters: [{ op: "eq", field: lm, value: last.lastMessageAt }, { op: "gt", field: objectId, value: last.id }] },
                  { op: "exists", field: lm, exists: false },
                ],
              };
      }
      const page = await query({ filter: { op: "and", filters: [mine, after] }, sort, limit: 5 });
      paged.push(...page);
      if (page.length < 5) break;
      last = page[page.length - 1];
    }
    expect(ids(paged)).toEqual(ids(all));
  });

  it("the default list (app, -lm, objectId) and member lookups are index scans", async () => {
    const plan = async (text: string, params: string[]) => {
      const rows = await t.sql.begin(async (sql) => {
        await sql`set local enable_seqscan = off`;
        return sql.unsafe(`explain ${text}`, params);
      });
      return rows.map((r) => Object.values(r)[0]).join("\n");
    };
    expect(
      await plan(
        `select id from conversations where app_id = $1 order by last_message_at desc nulls last, id asc limit 10`,
        [APP],
      ),
    ).toMatch(/Index (Only )?Scan using conversations_app_last_message_idx/);
    expect(await plan(`select conversation_id from conversation_members where app_id = $1 and client_id = $2`, [APP, "bob"])).toMatch(
      /conversation_members_client_idx/,
    );
    expect(
      await plan(
        `select * from messages where conversation_id = $1 and (timestamp, id) < ($2::int8, $3) order by timestamp desc, id desc limit 20`,
        ["c", "1", "m"],
      ),
    ).toMatch(/Index Scan Backward using messages_conversation_id_timestamp_id_pk/);
  });

  it("case-insensitive regex folds non-ASCII letters on names stored with the C collation", async () => {
    const c = f.conversation(APP, { name: "Ärger im Café" });
    await uow.run((tx) => tx.conversations.insert(c));
    const found = await query({
      filter: {
        op: "and",
        filters: [
          { op: "eq", field: { kind: "column", column: "objectId" }, value: c.id },
          { op: "regex", field: { kind: "column", column: "name" }, pattern: "^ärger.*CAFÉ$", flags: "i" },
        ],
      },
    });
    expect(ids(found)).toEqual([c.id]);
  });
});

describe("unread counts", () => {
  it("are capped, and the mention flag looks past the cap", async () => {
    const conv = f.conversation(APP);
    await uow.run(async (tx) => {
      await tx.conversations.insert(conv);
      await tx.members.insert([f.member(conv.id, "alice"), f.member(conv.id, "bob")]);
    });
    const msgs = Array.from({ length: 300 }, (_, i) =>
      f.message(conv.id, { timestamp: f.T0 + 10_000 + i, from: "alice", mentionPids: i === 0 ? ["bob"] : [] }),
    );
    await Promise.all(msgs.map((m) => uow.run((tx) => tx.messages.insert(m))));
    const [summary] = await uow.run((tx) => tx.receipts.listUnread(APP, "bob", { cap: 99, now: new Date(f.T0 + 20_000) }));
    expect(summary).toMatchObject({ conversationId: conv.id, count: 99, mentioned: true });
    await uow.run((tx) => tx.receipts.raise(conv.id, "bob", { readAt: f.T0 + 10_000 }, f.T0 + 30_000));
    const [after] = await uow.run((tx) => tx.receipts.listUnread(APP, "bob", { cap: 99, now: new Date(f.T0 + 20_000) }));
    expect(after).toMatchObject({ count: 99, mentioned: false });
    const since = await uow.run((tx) => tx.receipts.listUnread(APP, "bob", { cap: 500, since: f.T0 + 25_000, now: new Date(f.T0 + 20_000) }));
    expect(since).toMatchObject([{ conversationId: conv.id, count: 299 }]);
  });
});
