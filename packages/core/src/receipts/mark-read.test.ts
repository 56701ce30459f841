import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage } from "../testing/index.js";
import { getReceiptTimestamps } from "./get-receipt-timestamps.js";
import { listUnread } from "./list-unread.js";
import { markRead } from "./mark-read.js";

describe("markRead", () => {
  it("resets unread, raises read and delivered watermarks (capped at now) and emits MessagesRead for newly read receipt requests", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"], createdAt: ctx.clock.now() - 10_000 });
    const t = ctx.clock.now();
    const m1 = await makeMessage(ctx, { appId: app.id, conversationId: c.id, from: "alice", timestamp: t - 300, receipt: true, updateLastMessage: true });
    const m2 = await makeMessage(ctx, { appId: app.id, conversationId: c.id, from: "alice", timestamp: t - 200, receipt: true, mentionPids: ["bob"], updateLastMessage: true });
    const bob = clientActor(app.id, "bob");
    expect((await listUnread(ctx.deps, bob, {})).conversations).toMatchObject([{ conversationId: c.id, count: 2, mentioned: true }]);

    const r = await markRead(ctx.deps, bob, { conversations: [{ conversationId: c.id, timestamp: t - 250 }], sessionId: "bob-phone" });
    expect(r).toEqual({ conversations: [{ conversationId: c.id, readAt: t - 250 }] });
    expect(ctx.eventsOf("MessagesRead")).toEqual([
      {
        type: "MessagesRead",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "bob",
        at: t,
        clientId: "bob",
        receipts: [{ messageId: m1.id, from: "alice", timestamp: t - 300 }],
        watermark: t - 250,
        originSessionId: "bob-phone",
      },
    ]);
    expect((await listUnread(ctx.deps, bob, {})).conversations).toMatchObject([{ count: 1, mentioned: true }]);

    await markRead(ctx.deps, bob, { conversations: [{ conversationId: c.id, timestamp: t + 99_999, messageId: m2.id }] });
    expect(ctx.eventsOf("MessagesRead")[1]?.receipts.map((x) => x.messageId)).toEqual([m2.id]);
    expect((await listUnread(ctx.deps, bob, {})).conversations).toEqual([]);
    expect(await getReceiptTimestamps(ctx.deps, clientActor(app.id, "alice"), { conversationId: c.id, allMembers: true })).toEqual({
      maxAckTimestamp: t,
      maxReadTimestamp: t,
      members: [{ clientId: "bob", deliveredAt: t, readAt: t }],
    });
    // reading again (nothing newer) emits nothing new
    await markRead(ctx.deps, bob, { conversations: [{ conversationId: c.id }] });
    expect(ctx.eventsOf("MessagesRead")).toHaveLength(2);
  });

  it("emits MessagesRead without receipts when the watermark rises (the reader's other devices resync)", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"], createdAt: ctx.clock.now() - 10_000 });
    await makeMessage(ctx, { appId: app.id, conversationId: c.id, from: "alice", timestamp: ctx.clock.now() - 100, updateLastMessage: true });
    await markRead(ctx.deps, clientActor(app.id, "bob"), { conversations: [{ conversationId: c.id }], sessionId: "s-1" });
    expect(ctx.eventsOf("MessagesRead")).toMatchObject([{ clientId: "bob", receipts: [], originSessionId: "s-1" }]);
  });

  it("skips unknown conversations, chat rooms and conversations the client is not in", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["bob"] });
    const other = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    const r = await markRead(ctx.deps, clientActor(app.id, "bob"), {
      conversations: [{ conversationId: "nope" }, { conversationId: room.id }, { conversationId: other.id }],
    });
    expect(r).toEqual({ conversations: [] });
  });
});
