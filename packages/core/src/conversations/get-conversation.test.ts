import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation } from "../testing/index.js";
import { getConversation } from "./get-conversation.js";

describe("getConversation", () => {
  it("returns the record with members, mute state and (temporary) remaining ttl", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"], mutedBy: ["bob"] });
    const asBob = await getConversation(ctx.deps, clientActor(app.id, "bob"), { conversationId: c.id });
    expect(asBob).toMatchObject({ members: ["alice", "bob"], mutedMembers: ["bob"], muted: true, joined: null, ttlSeconds: null });
    expect((await getConversation(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id })).muted).toBe(false);
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice"], expiresAt: ctx.clock.now() + 10_500 });
    expect((await getConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: tmp.id })).ttlSeconds).toBe(11);
  });

  it("unknown → CONVERSATION_NOT_FOUND, expired temporary → CONVERSATION_EXPIRED, other app → not found", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice"], expiresAt: ctx.clock.now() + 1000 });
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    const alice = clientActor(app.id, "alice");
    await expect(getConversation(ctx.deps, alice, { conversationId: "nope" })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
    await expect(getConversation(ctx.deps, clientActor("other", "alice"), { conversationId: c.id })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_FOUND",
    });
    ctx.clock.advance(1000);
    await expect(getConversation(ctx.deps, alice, { conversationId: tmp.id })).rejects.toMatchObject({ code: "CONVERSATION_EXPIRED" });
  });
});
