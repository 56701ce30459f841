import { describe, expect, it } from "vitest";
import type { Message } from "./types.js";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage, operatorActor } from "../testing/index.js";
import { queryHistory, type QueryHistoryInput } from "./query-history.js";

/**
 * Seven messages, four sharing one timestamp; ids chosen so that id order differs from
 * insertion order and from time order except within the equal timestamps:
 *   m1@100 "9"   m2@200 "2a"   m3@200 "2b"   m4@200 "2c"   m5@300 "0"   m6@400 "5" (_lctype 5)   m7@500 "1" (bob)
 */
async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
  const t = ctx.clock.now();
  const spec: [string, number, string, Partial<Parameters<typeof makeMessage>[1]>][] = [
    ["m4", 200, "id2c", {}],
    ["m1", 100, "id9", {}],
    ["m7", 500, "id1", { from: "bob" }],
    ["m3", 200, "id2b", {}],
    ["m6", 400, "id5", { text: '{"_lctype":5}' }],
    ["m2", 200, "id2a", {}],
    ["m5", 300, "id0", {}],
  ];
  const names = new Map<string, string>();
  for (const [name, ts, id, extra] of spec) {
    await makeMessage(ctx, { conversationId: c.id, from: "alice", id, timestamp: t + ts, ...extra });
    names.set(id, name);
  }
  const alice = clientActor(app.id, "alice");
  const run = async (input: Omit<QueryHistoryInput, "conversationId">, actor = alice) =>
    (await queryHistory(ctx.deps, actor, { conversationId: c.id, ...input })).items.map((i) => names.get(i.message.id));
  return { ctx, app, c, t, run, alice };
}

describe("queryHistory", () => {
  it("defaults to the 20 newest, ascending", async () => {
    const { run } = await setup();
    expect(await run({})).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
  });

  it("honours limit exactly in both directions", async () => {
    const { run } = await setup();
    expect(await run({ limit: 3 })).toEqual(["m5", "m6", "m7"]);
    expect(await run({ limit: 3, direction: "new" })).toEqual(["m1", "m2", "m3"]);
    expect(await run({ limit: 6 })).toEqual(["m2", "m3", "m4", "m5", "m6", "m7"]);
    expect(await run({ limit: 1 })).toEqual(["m7"]);
  });

  it("caps limit at historyPageMax", async () => {
    const { run } = await setup({ limits: { historyPageMax: 2 } });
    expect(await run({ limit: 500 })).toEqual(["m6", "m7"]);
  });

  it("old direction: strictly before (t, mid) — the iterator's next page after an equal-timestamp boundary", async () => {
    const { run, t } = await setup();
    expect(await run({ start: { timestamp: t + 200, messageId: "id2b" }, limit: 10 })).toEqual(["m1", "m2"]);
    expect(await run({ start: { timestamp: t + 200, messageId: "id2c" }, limit: 2 })).toEqual(["m2", "m3"]);
    expect(await run({ start: { timestamp: t + 200, messageId: "id2b", inclusive: true }, limit: 10 })).toEqual(["m1", "m2", "m3"]);
    // timestamp alone: strictly older than t, or up to and including every message at t
    expect(await run({ start: { timestamp: t + 200 }, limit: 10 })).toEqual(["m1"]);
    expect(await run({ start: { timestamp: t + 200, inclusive: true }, limit: 10 })).toEqual(["m1", "m2", "m3", "m4"]);
  });

  it("walks the whole history with the iterator's paging without gaps or repeats", async () => {
    const { run, ctx, c, alice, t } = await setup();
    void t;
    const seen: string[] = [];
    let start: { timestamp: number; messageId: string } | undefined;
    for (let i = 0; i < 10; i++) {
      const page = (await queryHistory(ctx.deps, alice, { conversationId: c.id, limit: 2, ...(start ? { start } : {}) })).items;
      const first = page[0];
      if (!first) break;
      seen.unshift(...page.map((p) => p.message.id));
      start = { timestamp: first.message.timestamp, messageId: first.message.id };
      if (page.length < 2) break;
    }
    expect(seen).toEqual(["id9", "id2a", "id2b", "id2c", "id0", "id5", "id1"]);
    void run;
  });

  it("new direction: strictly after (t, mid), oldest first, stopping at the end bound", async () => {
    const { run, t } = await setup();
    expect(await run({ direction: "new", start: { timestamp: t + 200, messageId: "id2a" }, limit: 2 })).toEqual(["m3", "m4"]);
    expect(await run({ direction: "new", start: { timestamp: t + 200, messageId: "id2a", inclusive: true }, limit: 2 })).toEqual(["m2", "m3"]);
    expect(await run({ direction: "new", start: { timestamp: t + 200 }, limit: 10 })).toEqual(["m5", "m6", "m7"]);
    expect(await run({ direction: "new", start: { timestamp: t + 200, inclusive: true }, limit: 2 })).toEqual(["m2", "m3"]);
    expect(
      await run({ direction: "new", start: { timestamp: t + 100 }, end: { timestamp: t + 200, messageId: "id2c" }, limit: 10 }),
    ).toEqual(["m2", "m3"]);
    expect(
      await run({ direction: "new", start: { timestamp: t + 100 }, end: { timestamp: t + 200, messageId: "id2c", inclusive: true }, limit: 10 }),
    ).toEqual(["m2", "m3", "m4"]);
  });

  it("old direction with an end bound stops there (exclusive unless ttIncluded)", async () => {
    const { run, t } = await setup();
    expect(await run({ start: { timestamp: t + 400 }, end: { timestamp: t + 200, messageId: "id2b" }, limit: 10 })).toEqual(["m4", "m5"]);
    expect(await run({ start: { timestamp: t + 400 }, end: { timestamp: t + 200, messageId: "id2b", inclusive: true }, limit: 10 })).toEqual([
      "m3",
      "m4",
      "m5",
    ]);
    expect(await run({ start: { timestamp: t + 400, inclusive: true }, end: { timestamp: t + 200 }, limit: 1 })).toEqual(["m6"]);
    expect(await run({ end: { timestamp: t + 300 }, limit: 10 })).toEqual(["m6", "m7"]);
    // inconsistent bounds → nothing
    expect(await run({ direction: "new", start: { timestamp: t + 400 }, end: { timestamp: t + 100 }, limit: 10 })).toEqual([]);
  });

  it("filters by _lctype and (console) sender", async () => {
    const { run, app } = await setup();
    expect(await run({ lcType: 5 })).toEqual(["m6"]);
    expect(await run({ lcType: -1, limit: 2 })).toEqual(["m5", "m7"]);
    expect(await run({ from: "bob" }, operatorActor(app.id, "viewer"))).toEqual(["m7"]);
  });

  it("non-members → HISTORY_REJECTED; operators read anything; chat rooms are open", async () => {
    const { ctx, app, c } = await setup();
    await expect(queryHistory(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id })).rejects.toMatchObject({ code: "HISTORY_REJECTED" });
    expect((await queryHistory(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: c.id })).items).toHaveLength(7);
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice"] });
    await makeMessage(ctx, { conversationId: room.id, from: "alice" });
    expect((await queryHistory(ctx.deps, clientActor(app.id, "zed"), { conversationId: room.id })).items).toHaveLength(1);
    await expect(queryHistory(ctx.deps, clientActor(app.id, "zed"), { conversationId: "nope" })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
  });

  it("hides other subscribers' messages to a service", async () => {
    const { ctx, app } = await setup();
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["u1", "u2"] });
    await makeMessage(ctx, { conversationId: svc.id, from: "sys", id: "cast" });
    await makeMessage(ctx, { conversationId: svc.id, from: "u1", id: "u1-private", visibleTo: ["u1"] });
    const ids = async (who: string) => (await queryHistory(ctx.deps, clientActor(app.id, who), { conversationId: svc.id })).items.map((i) => i.message.id);
    expect(await ids("u1")).toEqual(["cast", "u1-private"]);
    expect(await ids("u2")).toEqual(["cast"]);
  });

  it("reports ackAt/readAt on own messages of a two-member conversation", async () => {
    const { ctx, c, alice, t } = await setup();
    await ctx.deps.uow.run((tx) => tx.receipts.raise(c.id, "bob", { deliveredAt: t + 300, readAt: t + 200 }, t));
    const items = (await queryHistory(ctx.deps, alice, { conversationId: c.id })).items;
    const byId = (id: string) => items.find((i) => i.message.id === id)!;
    expect(byId("id9")).toMatchObject({ ackAt: t + 300, readAt: t + 200 });
    expect(byId("id0")).toMatchObject({ ackAt: t + 300, readAt: null });
    expect(byId("id5")).toMatchObject({ ackAt: null, readAt: null });
    expect(byId("id1")).toMatchObject({ ackAt: null, readAt: null }); // bob's own
    const m: Message = byId("id9").message;
    expect(m.from).toBe("alice");
  });
});
