import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage } from "../testing/index.js";
import { acknowledgeDelivery } from "./acknowledge-delivery.js";
import { getReceiptTimestamps } from "./get-receipt-timestamps.js";

describe("acknowledgeDelivery", () => {
  it("raises the delivered watermark and emits MessagesDelivered for covered receipt requests from others", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
    const t = ctx.clock.now();
    const m1 = await makeMessage(ctx, { conversationId: c.id, from: "alice", timestamp: t - 300, receipt: true });
    await makeMessage(ctx, { conversationId: c.id, from: "alice", timestamp: t - 200 });
    const m3 = await makeMessage(ctx, { conversationId: c.id, from: "alice", timestamp: t - 100, receipt: true });
    await makeMessage(ctx, { conversationId: c.id, from: "bob", timestamp: t - 50, receipt: true });
    const bob = clientActor(app.id, "bob");
    const r = await acknowledgeDelivery(ctx.deps, bob, { conversationId: c.id, fromTs: t - 300, toTs: t - 50 });
    expect(r).toEqual({
      watermark: t - 50,
      receipts: [
        { messageId: m1.id, from: "alice", timestamp: t - 300 },
        { messageId: m3.id, from: "alice", timestamp: t - 100 },
      ],
    });
    expect(ctx.events()).toEqual([
      {
        type: "MessagesDelivered",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "bob",
        at: t,
        clientId: "bob",
        receipts: r.receipts,
        watermark: t - 50,
      },
    ]);
    expect(await getReceiptTimestamps(ctx.deps, clientActor(app.id, "alice"), { conversationId: c.id })).toEqual({
      maxAckTimestamp: t - 50,
      maxReadTimestamp: 0,
      members: null,
    });
  });

  it("caps the watermark at now, never lowers it, and emits nothing without receipt requests", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
    const bob = clientActor(app.id, "bob");
    expect((await acknowledgeDelivery(ctx.deps, bob, { conversationId: c.id, fromTs: 0, toTs: ctx.clock.now() + 99_999 })).watermark).toBe(ctx.clock.now());
    expect((await acknowledgeDelivery(ctx.deps, bob, { conversationId: c.id, fromTs: 0, toTs: 5 })).watermark).toBe(ctx.clock.now());
    expect(ctx.events()).toEqual([]);
  });

  it("non-members → MEMBERSHIP_REQUIRED; chat rooms are a no-op", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    await expect(acknowledgeDelivery(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id, fromTs: 0, toTs: 1 })).rejects.toMatchObject({
      code: "MEMBERSHIP_REQUIRED",
    });
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice"] });
    expect(await acknowledgeDelivery(ctx.deps, clientActor(app.id, "alice"), { conversationId: room.id, fromTs: 0, toTs: 1 })).toEqual({
      watermark: 0,
      receipts: [],
    });
  });
});
