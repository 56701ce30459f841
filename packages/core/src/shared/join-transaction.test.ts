import { describe, expect, it } from "vitest";
import { updateConversation } from "../conversations/update-conversation.js";
import { createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { joinTransaction } from "./deps.js";

describe("joinTransaction", () => {
  it("runs a use case and an audit row in one transaction, publishing after the commit", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    const actor = operatorActor(app.id, "moderator", "Mod");
    await ctx.deps.uow.run(async (tx) => {
      await updateConversation(joinTransaction(ctx.deps, tx), actor, { conversationId: c.id, attributes: { topic: "x" } });
      expect(ctx.events()).toEqual([]);
      await tx.audit.append({
        id: ctx.deps.ids.objectId(),
        appId: app.id,
        operatorId: "op-1",
        role: "moderator",
        action: "conversation.update",
        target: `conversation:${c.id}`,
        before: null,
        after: { topic: "x" },
        ip: null,
        userAgent: null,
        at: new Date(ctx.clock.now()),
      });
    });
    expect(ctx.eventsOf("ConversationUpdated")).toHaveLength(1);
    expect(await ctx.deps.uow.run((tx) => tx.audit.list({ appId: app.id, limit: 10 }))).toHaveLength(1);

    // a failing audit write rolls the use case back and publishes nothing
    ctx.clearEvents();
    await expect(
      ctx.deps.uow.run(async (tx) => {
        await updateConversation(joinTransaction(ctx.deps, tx), actor, { conversationId: c.id, attributes: { topic: "y" } });
        throw new Error("audit failed");
      }),
    ).rejects.toThrow("audit failed");
    expect(ctx.events()).toEqual([]);
    expect((await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id)))?.attributes).toEqual({ topic: "x" });
  });
});
