import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation } from "../testing/index.js";
import { countMembers } from "./count-members.js";

describe("countMembers", () => {
  it("counts members, subscribers, and online joined clients of chat rooms", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const actor = clientActor(app.id, "alice");
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob", "carol"] });
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["a", "b"] });
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice", "bob", "carol"] });
    expect(await countMembers(ctx.deps, actor, { conversationId: c.id })).toEqual({ count: 3 });
    expect(await countMembers(ctx.deps, actor, { conversationId: svc.id })).toEqual({ count: 2 });
    expect(await countMembers(ctx.deps, actor, { conversationId: room.id })).toEqual({ count: 0 });
    ctx.presence.setOnline(app.id, "alice");
    ctx.presence.setOnline(app.id, "carol");
    ctx.presence.setOnline(app.id, "zed");
    expect(await countMembers(ctx.deps, actor, { conversationId: room.id })).toEqual({ count: 2 });
    const { presence: _, ...withoutPresence } = ctx.deps;
    expect(await countMembers(withoutPresence, actor, { conversationId: room.id })).toEqual({ count: 3 });
    await expect(countMembers(ctx.deps, actor, { conversationId: "nope" })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
  });
});
