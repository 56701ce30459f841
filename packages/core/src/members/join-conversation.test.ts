import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { joinConversation } from "./join-conversation.js";
import { quitConversation } from "./quit-conversation.js";

describe("joinConversation / quitConversation", () => {
  it("joins and quits, idempotently", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    const bob = clientActor(app.id, "bob");
    expect(await joinConversation(ctx.deps, bob, { conversationId: c.id })).toEqual({ conversationId: c.id, joined: true });
    expect(await joinConversation(ctx.deps, bob, { conversationId: c.id })).toEqual({ conversationId: c.id, joined: false });
    expect(ctx.eventsOf("MembersJoined")).toHaveLength(1);
    expect(ctx.eventsOf("MembersJoined")[0]).toMatchObject({ initBy: "bob", added: ["bob"], recipients: ["alice", "bob"] });
    expect(await quitConversation(ctx.deps, bob, { conversationId: c.id })).toEqual({ conversationId: c.id, left: true });
    expect(await quitConversation(ctx.deps, bob, { conversationId: c.id })).toEqual({ conversationId: c.id, left: false });
    expect(ctx.eventsOf("MembersLeft")[0]).toMatchObject({ initBy: "bob", removed: ["bob"], recipients: ["alice", "bob"] });
  });

  it("throws the per-id failure: blocked → MEMBER_BLOCKED, full → CONVERSATION_FULL", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { limits: { membersPerConversation: 2 } } });
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
    await ctx.deps.uow.run((tx) =>
      tx.moderation.upsertBlocks([{ conversationId: c.id, clientId: "eve", blockedBy: "alice", reason: null, createdAt: new Date(), expiresAt: null }]),
    );
    await expect(joinConversation(ctx.deps, clientActor(app.id, "eve"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBER_BLOCKED" });
    await expect(joinConversation(ctx.deps, clientActor(app.id, "carol"), { conversationId: c.id })).rejects.toMatchObject({ code: "CONVERSATION_FULL" });
    await expect(joinConversation(ctx.deps, operatorActor(app.id), { conversationId: c.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
