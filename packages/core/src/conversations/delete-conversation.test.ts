import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, makeMessage, operatorActor } from "../testing/index.js";
import { deleteConversation } from "./delete-conversation.js";

describe("deleteConversation", () => {
  it("deletes everything and tells the former members; clients may not", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
    await makeMessage(ctx, { conversationId: c.id, from: "alice" });
    await expect(deleteConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: c.id })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    const r = await deleteConversation(ctx.deps, operatorActor(app.id, "moderator", "Mod"), { conversationId: c.id });
    expect(r).toEqual({ conversationId: c.id, formerMembers: ["alice", "bob"] });
    expect(ctx.eventsOf("ConversationDeleted")).toEqual([
      { type: "ConversationDeleted", appId: app.id, conversationId: c.id, conversationKind: "normal", initBy: "Mod", at: ctx.clock.now(), recipients: ["alice", "bob"] },
    ]);
    expect(await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id))).toBeNull();
    await expect(deleteConversation(ctx.deps, operatorActor(app.id), { conversationId: c.id })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
  });
});
