import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage, operatorActor } from "../testing/index.js";
import { queryConversations } from "./query-conversations.js";

async function setup() {
  const ctx = createTestContext();
  const app = await makeApp(ctx);
  const t = ctx.clock.now();
  const a = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"], name: "Alpha", attributes: { level: 1, tags: ["x"] }, createdAt: t });
  const b = await makeConversation(ctx, { appId: app.id, members: ["bob", "carol"], name: "beta", attributes: { level: 5 }, createdAt: t + 1 });
  const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice"], name: "Room", createdAt: t + 2 });
  const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["alice"], mutedBy: ["alice"], createdAt: t + 3 });
  const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice", "bob"], createdAt: t + 4 });
  await makeMessage(ctx, { appId: app.id, conversationId: b.id, from: "bob", timestamp: t + 100, updateLastMessage: true });
  await makeMessage(ctx, { appId: app.id, conversationId: a.id, from: "bob", timestamp: t + 50, updateLastMessage: true });
  return { ctx, app, a, b, room, svc, tmp, alice: clientActor(app.id, "alice") };
}

const ids = (r: { records: { conversation: { id: string } }[] }) => r.records.map((x) => x.conversation.id);

describe("queryConversations", () => {
  it("an empty where means the requester's own conversations, sorted by -lm, temporary excluded", async () => {
    const { ctx, a, room, svc, alice } = await setup();
    const own = ids(await queryConversations(ctx.deps, alice, { where: {} }));
    expect(own[0]).toBe(a.id); // the only one with a last message; the others follow (nulls last)
    expect([...own].sort()).toEqual([a.id, room.id, svc.id].sort());
    expect(ids(await queryConversations(ctx.deps, alice, {}))).toHaveLength(3);
    expect(ids(await queryConversations(ctx.deps, alice, { where: "{ }" }))).toHaveLength(3);
  });

  it("operators see everything with an empty where", async () => {
    const { ctx, app } = await setup();
    expect(ids(await queryConversations(ctx.deps, operatorActor(app.id, "viewer"), { where: {} }))).toHaveLength(4);
  });

  it("answers objectId lookups for non-members (e.g. just kicked) and $in with limit 999", async () => {
    const { ctx, app, b, a } = await setup();
    const zed = clientActor(app.id, "zed");
    expect(ids(await queryConversations(ctx.deps, zed, { where: { objectId: b.id } }))).toEqual([b.id]);
    const many = await queryConversations(ctx.deps, zed, { where: JSON.stringify({ objectId: { $in: [a.id, b.id, "nope"] } }), limit: 999 });
    expect(ids(many).sort()).toEqual([a.id, b.id].sort());
  });

  it("builds records: m for normal, none for chat rooms, muted and joined per requester", async () => {
    const { ctx, a, room, svc, alice } = await setup();
    const r = await queryConversations(ctx.deps, alice, { where: { objectId: { $in: [a.id, room.id, svc.id] } } });
    const byId = new Map(r.records.map((x) => [x.conversation.id, x]));
    expect(byId.get(a.id)).toMatchObject({ members: ["alice", "bob"], muted: false, joined: null });
    expect(byId.get(room.id)).toMatchObject({ members: null, joined: null });
    expect(byId.get(svc.id)).toMatchObject({ members: null, muted: true, mutedMembers: ["alice"], joined: true });
    expect(byId.get(svc.id)?.joinedAt).toBeInstanceOf(Date);
    const compact = await queryConversations(ctx.deps, alice, { where: { objectId: a.id }, includeMembers: false });
    expect(compact.records[0]?.members).toBeNull();
    const outsider = await queryConversations(ctx.deps, clientActor(a.appId, "zed"), { where: { objectId: svc.id } });
    expect(outsider.records[0]).toMatchObject({ joined: false, joinedAt: null, muted: false });
  });

  it("supports chat room and service queries, sort, skip, limit", async () => {
    const { ctx, a, b, room, svc, alice } = await setup();
    expect(ids(await queryConversations(ctx.deps, alice, { where: { tr: true } }))).toEqual([room.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { sys: true } }))).toEqual([svc.id]);
    const byName = await queryConversations(ctx.deps, alice, { where: { name: { $exists: true } }, sort: "name" });
    expect(ids(byName)).toEqual([a.id, room.id, b.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { name: { $exists: true } }, sort: "name", skip: 1, limit: 1 }))).toEqual([room.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { level: { $gte: 1 } }, sort: "-level" }))).toEqual([b.id, a.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { name: { $regex: "\\Qalp\\E", $options: "i" } } }))).toEqual([a.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { m: { $all: ["bob"], $size: 2 } }, sort: "createdAt" }))).toEqual([a.id, b.id]);
    expect(ids(await queryConversations(ctx.deps, alice, { where: { $or: [{ tags: "x" }, { tr: true }] }, sort: "createdAt" }))).toEqual([a.id, room.id]);
  });

  it("defaults limit to 10 and caps it at 1000", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    for (let i = 0; i < 12; i++) await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    expect((await queryConversations(ctx.deps, clientActor(app.id, "alice"), {})).records).toHaveLength(10);
    expect((await queryConversations(ctx.deps, clientActor(app.id, "alice"), { limit: 5000 })).records).toHaveLength(12);
    expect((await queryConversations(ctx.deps, clientActor(app.id, "alice"), { limit: 0 })).records).toHaveLength(10);
  });

  it("fetches temporary conversations by tempConvIds only while alive", async () => {
    const { ctx, tmp, alice } = await setup();
    expect(ids(await queryConversations(ctx.deps, alice, { where: { objectId: tmp.id } }))).toEqual([]);
    const r = await queryConversations(ctx.deps, alice, { tempConvIds: [tmp.id, "_tmp:missing"] });
    expect(ids(r)).toEqual([tmp.id]);
    expect(r.records[0]).toMatchObject({ members: ["alice", "bob"], ttlSeconds: 86_401 }); // created 4 ms after "now"
    ctx.clock.advance(86_400_004);
    expect(ids(await queryConversations(ctx.deps, alice, { tempConvIds: [tmp.id] }))).toEqual([]);
  });

  it("invalid where or sort → CONVERSATION_QUERY_INVALID", async () => {
    const { ctx, alice } = await setup();
    await expect(queryConversations(ctx.deps, alice, { where: "{bad" })).rejects.toMatchObject({ code: "CONVERSATION_QUERY_INVALID" });
    await expect(queryConversations(ctx.deps, alice, { where: { a: { $near: 1 } } })).rejects.toMatchObject({ code: "CONVERSATION_QUERY_INVALID" });
    await expect(queryConversations(ctx.deps, alice, { sort: "m" })).rejects.toMatchObject({ code: "CONVERSATION_QUERY_INVALID" });
  });
});
