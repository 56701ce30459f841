import { describe, expect, it } from "vitest";
import { postMessage } from "../messages/post-message.js";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, serverActor } from "../testing/index.js";
import { listUnread } from "./list-unread.js";
import { markRead } from "./mark-read.js";

describe("listUnread", () => {
  it("counts others' stored messages per conversation, capped, with mentions and the last message", async () => {
    const ctx = createTestContext({ autoAdvanceMs: 1 });
    const app = await makeApp(ctx, { settings: { limits: { unreadCountCap: 3 } } });
    const a = await makeConversation(ctx, { appId: app.id, members: ["me", "bob"] });
    const b = await makeConversation(ctx, { appId: app.id, members: ["me", "bob"] });
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["me", "bob"] });
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["me", "u2"] });
    const bob = clientActor(app.id, "bob");
    const text = (t: string) => ({ kind: "text" as const, text: t });
    for (let i = 0; i < 5; i++) await postMessage(ctx.deps, bob, { conversationId: a.id, content: text(`a${i}`) });
    await postMessage(ctx.deps, bob, { conversationId: b.id, content: text("hey @me"), mentionPids: ["me"] });
    await postMessage(ctx.deps, bob, { conversationId: b.id, content: text("typing"), transient: true });
    await postMessage(ctx.deps, clientActor(app.id, "me"), { conversationId: b.id, content: text("mine") });
    await postMessage(ctx.deps, bob, { conversationId: room.id, content: text("room") });
    await postMessage(ctx.deps, clientActor(app.id, "u2"), { conversationId: svc.id, content: text("to the service") });
    const cast = await postMessage(ctx.deps, serverActor(app.id, "sys"), { conversationId: svc.id, content: text("news") });

    const me = clientActor(app.id, "me");
    const r = await listUnread(ctx.deps, me, {});
    expect(r.notifTime).toBeGreaterThan(0);
    const byId = new Map(r.conversations.map((u) => [u.conversationId, u]));
    expect(new Set(byId.keys())).toEqual(new Set([a.id, b.id, svc.id]));
    expect(byId.get(a.id)).toMatchObject({ count: 3, mentioned: false, kind: "normal", lastMessage: { content: text("a4"), from: "bob" } });
    expect(byId.get(b.id)).toMatchObject({ count: 1, mentioned: true, lastMessage: { content: text("mine"), from: "me" } });
    expect(byId.get(svc.id)).toMatchObject({ count: 1, lastMessage: { id: cast.id } });
  });

  it("with `since` lists only conversations with activity after it, zero counts included", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const a = await makeConversation(ctx, { appId: app.id, members: ["me", "bob"] });
    const b = await makeConversation(ctx, { appId: app.id, members: ["me", "bob"] });
    const bob = clientActor(app.id, "bob");
    const me = clientActor(app.id, "me");
    ctx.clock.advance(10);
    await postMessage(ctx.deps, bob, { conversationId: a.id, content: { kind: "text", text: "1" } });
    ctx.clock.advance(10);
    await postMessage(ctx.deps, bob, { conversationId: b.id, content: { kind: "text", text: "2" } });
    const first = await listUnread(ctx.deps, me, {});
    expect(first.conversations).toHaveLength(2);
    ctx.clock.advance(10);
    await markRead(ctx.deps, me, { conversations: [{ conversationId: a.id }] });
    const changed = await listUnread(ctx.deps, me, { since: first.notifTime });
    expect(changed.conversations.map((u) => [u.conversationId, u.count])).toEqual([[a.id, 0]]);
    await expect(listUnread(ctx.deps, operatorActor(app.id), {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
