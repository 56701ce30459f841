import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, serverActor } from "../testing/index.js";
import { postMessage } from "./post-message.js";
import { queryHistory } from "./query-history.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob", "carol"] });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}
const text = (t: string) => ({ kind: "text" as const, text: t });
const stored = (ctx: Awaited<ReturnType<typeof setup>>["ctx"], cid: string, id: string) => ctx.deps.uow.run((tx) => tx.messages.get(cid, id));

describe("postMessage", () => {
  it("stores the message, moves the last message and emits MessagePosted to every member", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await postMessage(ctx.deps, as("alice"), {
      conversationId: c.id,
      content: text('{"_lctype":-1,"_lctext":"hi @bob"}'),
      receipt: true,
      mentionPids: ["bob", "bob"],
      pushData: '{"alert":"hi"}',
      sessionId: "s-1",
    });
    expect(r.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r.timestamp).toBe(ctx.clock.now());
    expect(r.stored).toBe(true);
    expect(r.heldWillMessage).toBeNull();
    expect(r.message).toMatchObject({ from: "alice", lcType: -1, mentionPids: ["bob"], receipt: true, pushData: '{"alert":"hi"}', visibleTo: null });
    expect(await stored(ctx, c.id, r.id)).toEqual(r.message);
    const conv = await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id));
    expect(conv?.lastMessage).toMatchObject({ id: r.id, from: "alice", timestamp: r.timestamp });
    expect(conv?.lastMessageAt?.getTime()).toBe(r.timestamp);
    expect(ctx.events()).toEqual([
      {
        type: "MessagePosted",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "alice",
        at: r.timestamp,
        message: r.message,
        transient: false,
        will: false,
        recipients: ["alice", "bob", "carol"],
        originSessionId: "s-1",
      },
    ]);
  });

  it("extracts _lctype only from JSON-object text", async () => {
    const { ctx, c, as } = await setup();
    const cases: [string, number | null][] = [['{"_lctype":-2}', -2], ["123", null], ['[{"_lctype":1}]', null], ['{"_lctype":"1"}', null], ["plain", null], ['{"_lctype":1.5}', null]];
    for (const [t, expected] of cases) {
      expect((await postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: text(t) })).message.lcType).toBe(expected);
    }
    const bin = await postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: { kind: "binary", data: new Uint8Array([1, 2]) } });
    expect(bin.message.lcType).toBeNull();
  });

  it("unknown conversation or non-member → INVALID_MESSAGING_TARGET; blocked → MEMBER_BLOCKED", async () => {
    const { ctx, c, as } = await setup();
    await expect(postMessage(ctx.deps, as("alice"), { conversationId: "nope", content: text("x") })).rejects.toMatchObject({ code: "INVALID_MESSAGING_TARGET" });
    await expect(postMessage(ctx.deps, as("zed"), { conversationId: c.id, content: text("x") })).rejects.toMatchObject({ code: "INVALID_MESSAGING_TARGET" });
    await ctx.deps.uow.run((tx) => tx.moderation.upsertBlocks([{ conversationId: c.id, clientId: "zed", blockedBy: "alice", reason: null, createdAt: new Date(), expiresAt: null }]));
    await expect(postMessage(ctx.deps, as("zed"), { conversationId: c.id, content: text("x") })).rejects.toMatchObject({ code: "MEMBER_BLOCKED" });
    expect(ctx.events()).toEqual([]);
  });

  it("content over limits.messageBytes (UTF-8) → MESSAGE_TOO_LARGE, nothing stored", async () => {
    const { ctx, c, as } = await setup({ limits: { messageBytes: 100 } });
    await expect(postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: text("x".repeat(100)) })).resolves.toBeTruthy();
    await expect(postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: text("é".repeat(51)) })).rejects.toMatchObject({
      code: "MESSAGE_TOO_LARGE",
    });
    await expect(postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: { kind: "binary", data: new Uint8Array(101) } })).rejects.toMatchObject({
      code: "MESSAGE_TOO_LARGE",
    });
    expect(ctx.eventsOf("MessagePosted")).toHaveLength(1);
  });

  it("transient messages are pushed but not stored and do not move the last message", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: text("typing"), transient: true, receipt: true });
    expect(r.stored).toBe(false);
    expect(r.message.receipt).toBe(false);
    expect(await stored(ctx, c.id, r.id)).toBeNull();
    expect((await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id)))?.lastMessage).toBeNull();
    expect(ctx.eventsOf("MessagePosted")[0]).toMatchObject({ transient: true, recipients: ["alice", "bob", "carol"] });
  });

  it("chat rooms: joined clients receive; no receipts", async () => {
    const { ctx, app, as } = await setup();
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice", "bob"] });
    const r = await postMessage(ctx.deps, as("bob"), { conversationId: room.id, content: text("hi"), receipt: true, priority: 1 });
    expect(r.message).toMatchObject({ receipt: false, priority: 1 });
    expect(ctx.eventsOf("MessagePosted")[0]).toMatchObject({ conversationKind: "chatroom", recipients: ["alice", "bob"] });
    await expect(postMessage(ctx.deps, as("carol"), { conversationId: room.id, content: text("hi") })).rejects.toMatchObject({
      code: "INVALID_MESSAGING_TARGET",
    });
  });

  it("service conversations: subscribers' messages stay with the service; broadcasts reach every subscriber", async () => {
    const { ctx, app, as } = await setup();
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["u1", "u2"] });
    const mine = await postMessage(ctx.deps, as("u1"), { conversationId: svc.id, content: text("help") });
    expect(mine.message.visibleTo).toEqual(["u1"]);
    expect(ctx.eventsOf("MessagePosted")[0]?.recipients).toEqual(["u1"]);
    expect((await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, svc.id)))?.lastMessage).toBeNull();
    const cast = await postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: svc.id, content: text("news") });
    expect(cast.message).toMatchObject({ from: "sys", visibleTo: null });
    expect(ctx.eventsOf("MessagePosted")[1]?.recipients).toEqual(["u1", "u2"]);
    const op = await postMessage(ctx.deps, operatorActor(app.id, "moderator", "Support"), { conversationId: svc.id, content: text("hello") });
    expect(op.message.from).toBe("Support");
    await expect(postMessage(ctx.deps, as("u9"), { conversationId: svc.id, content: text("x") })).rejects.toMatchObject({ code: "INVALID_MESSAGING_TARGET" });
  });

  it("service conversations: toClients reaches only the chosen clients and stays visible to them alone", async () => {
    const { ctx, app, c, as } = await setup();
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["u1", "u2", "u3"] });
    const r = await postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: svc.id, content: text("just you two"), toClients: ["u1", "u3", "u1"] });
    expect(r.message.visibleTo).toEqual(["u1", "u3"]);
    expect(ctx.eventsOf("MessagePosted")[0]?.recipients).toEqual(["u1", "u3"]);
    expect(await stored(ctx, svc.id, r.id)).toEqual(r.message);
    // Not a broadcast: the conversation's last message (shown to every subscriber) does not move.
    expect((await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, svc.id)))?.lastMessage).toBeNull();
    const seen = async (who: string) => (await queryHistory(ctx.deps, as(who), { conversationId: svc.id })).items.map((i) => i.message.id);
    expect(await seen("u1")).toEqual([r.id]);
    expect(await seen("u2")).toEqual([]);
    const op = await postMessage(ctx.deps, operatorActor(app.id, "moderator"), { conversationId: svc.id, content: text("op"), toClients: ["u2"] });
    expect(op.message.visibleTo).toEqual(["u2"]);
    // The app's server may address anyone (LeanCloud's per-user messages); an operator only subscribers.
    await expect(postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: svc.id, content: text("x"), toClients: ["outsider"] })).resolves.toBeTruthy();
    await expect(
      postMessage(ctx.deps, operatorActor(app.id, "moderator"), { conversationId: svc.id, content: text("x"), toClients: ["u1", "outsider"] }),
    ).rejects.toMatchObject({ code: "NOT_SUBSCRIBED", details: { clientIds: ["outsider"] } });
    await expect(postMessage(ctx.deps, as("u1"), { conversationId: svc.id, content: text("x"), toClients: ["u2"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: c.id, content: text("x"), toClients: ["alice"] }),
    ).rejects.toMatchObject({ code: "SYSTEM_CONVERSATION_REQUIRED" });
    await expect(
      postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: svc.id, content: text("x"), toClients: [] }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("expired temporary conversation → CONVERSATION_EXPIRED; viewers cannot post", async () => {
    const { ctx, app, as } = await setup();
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice"], expiresAt: ctx.clock.now() + 10 });
    ctx.clock.advance(10);
    await expect(postMessage(ctx.deps, as("alice"), { conversationId: tmp.id, content: text("x") })).rejects.toMatchObject({ code: "CONVERSATION_EXPIRED" });
    await expect(postMessage(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: tmp.id, content: text("x") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
