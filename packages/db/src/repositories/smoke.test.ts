import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../unit-of-work.js";
import { openTestDatabase, type OpenTestDatabase } from "../testing/index.js";
import * as f from "../testing/fixtures.js";

let t: OpenTestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.dispose());

describe("smoke", () => {
  it("writes and reads through a unit of work", async () => {
    const uow = createUnitOfWork({ database: t });
    const a = f.app();
    const conv = f.conversation(a.id, { creator: "alice", attributes: { color: "red", n: 3 } });
    await uow.run(async (tx) => {
      await tx.apps.insert(a);
      await tx.conversations.insert(conv);
      await tx.members.insert([f.member(conv.id, "alice"), f.member(conv.id, "bob")]);
    });
    const m1 = f.message(conv.id, { timestamp: f.T0 + 1000, from: "alice" });
    await uow.run(async (tx) => {
      await tx.messages.insert(m1);
      await tx.conversations.advanceLastMessage(a.id, conv.id, f.lastMessageOf(m1));
    });
    const got = await uow.run(async (tx) => ({
      app: await tx.apps.get(a.id),
      conv: await tx.conversations.get(a.id, conv.id),
      msgs: await tx.messages.range({ conversationId: conv.id, take: "newest", limit: 10 }),
      q: await tx.conversations.query(a.id, {
        filter: { op: "eq", field: { kind: "members" }, value: "bob" },
        sort: [{ field: { kind: "column", column: "lm" }, direction: "desc" }],
        limit: 10,
        skip: 0,
      }),
      unread: await tx.receipts.listUnread(a.id, "bob", { cap: 99, now: new Date(f.T0 + 5000) }),
    }));
    expect(got.app).toEqual(a);
    expect(got.conv?.memberCount).toBe(2);
    expect(got.conv?.lastMessage).toEqual(f.lastMessageOf(m1));
    expect(got.conv?.lastMessageAt).toEqual(new Date(m1.timestamp));
    expect(got.msgs).toEqual([m1]);
    expect(got.q.map((c) => c.id)).toEqual([conv.id]);
    expect(got.unread).toEqual([{ conversationId: conv.id, kind: "normal", count: 1, mentioned: false, lastMessage: f.lastMessageOf(m1) }]);
  });
});
