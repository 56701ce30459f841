import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage } from "../testing/index.js";
import { acknowledgeDeliveries, acknowledgeDelivery } from "./acknowledge-delivery.js";
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

describe("acknowledgeDeliveries (batched)", () => {
  it("applies many acks like one call each: watermarks, receipts and events; skips non-members, chat rooms and expired conversations", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob", "carol"] });
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["bob"] });
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["bob"], expiresAt: ctx.clock.now() - 1 });
    const t = ctx.clock.now();
    const m1 = await makeMessage(ctx, { conversationId: c.id, from: "alice", timestamp: t - 300, receipt: true });
    await makeMessage(ctx, { conversationId: c.id, from: "alice", timestamp: t - 200 });
    const as = (id: string) => clientActor(app.id, id);
    const results = await acknowledgeDeliveries(ctx.deps, [
      { actor: as("bob"), conversationId: c.id, fromTs: t - 300, toTs: t - 200 },
      { actor: as("carol"), conversationId: c.id, fromTs: t - 250, toTs: t + 99_999 },
      { actor: as("zed"), conversationId: c.id, fromTs: t - 300, toTs: t },
      { actor: as("bob"), conversationId: room.id, fromTs: t - 300, toTs: t },
      { actor: as("bob"), conversationId: tmp.id, fromTs: t - 300, toTs: t },
    ]);
    expect(results).toEqual([
      { watermark: t - 200, receipts: [{ messageId: m1.id, from: "alice", timestamp: t - 300 }] },
      { watermark: t, receipts: [] },
    ]);
    expect(ctx.eventsOf("MessagesDelivered")).toEqual([
      {
        type: "MessagesDelivered",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "bob",
        at: t,
        clientId: "bob",
        receipts: [{ messageId: m1.id, from: "alice", timestamp: t - 300 }],
        watermark: t - 200,
      },
    ]);
    const members = await ctx.deps.uow.run((tx) => tx.members.getMany(c.id, ["bob", "carol"]));
    expect(members.map((m) => [m.clientId, m.deliveredAt])).toEqual([["bob", t - 200], ["carol", t]]);
  });
});
