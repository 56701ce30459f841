import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { getReceiptTimestamps } from "./get-receipt-timestamps.js";

describe("getReceiptTimestamps", () => {
  it("reports the other members' highest watermarks, and per-member tuples on request", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob", "carol", "dave"] });
    await ctx.deps.uow.run(async (tx) => {
      await tx.receipts.raise(c.id, "alice", { deliveredAt: 900, readAt: 900 }, 1);
      await tx.receipts.raise(c.id, "bob", { deliveredAt: 500, readAt: 400 }, 1);
      await tx.receipts.raise(c.id, "carol", { deliveredAt: 700 }, 1);
    });
    const alice = clientActor(app.id, "alice");
    expect(await getReceiptTimestamps(ctx.deps, alice, { conversationId: c.id })).toEqual({ maxAckTimestamp: 700, maxReadTimestamp: 400, members: null });
    expect((await getReceiptTimestamps(ctx.deps, alice, { conversationId: c.id, allMembers: true })).members).toEqual([
      { clientId: "bob", deliveredAt: 500, readAt: 400 },
      { clientId: "carol", deliveredAt: 700, readAt: 0 },
    ]);
    expect((await getReceiptTimestamps(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: c.id })).maxReadTimestamp).toBe(900);
    await expect(getReceiptTimestamps(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBERSHIP_REQUIRED" });
  });

  it("answers zeros for chat rooms and service conversations", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice"] });
    expect(await getReceiptTimestamps(ctx.deps, clientActor(app.id, "zed"), { conversationId: room.id, allMembers: true })).toEqual({
      maxAckTimestamp: 0,
      maxReadTimestamp: 0,
      members: [],
    });
  });
});
