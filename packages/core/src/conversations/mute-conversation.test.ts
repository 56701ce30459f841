import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { getConversation } from "./get-conversation.js";
import { muteConversation } from "./mute-conversation.js";
import { unmuteConversation } from "./unmute-conversation.js";

describe("muteConversation / unmuteConversation", () => {
  it("toggles the requester in mu, bumps updatedAt, emits nothing", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
    const alice = clientActor(app.id, "alice");
    ctx.clock.advance(1000);
    const r = await muteConversation(ctx.deps, alice, { conversationId: c.id });
    expect(r.udate).toBe(new Date(ctx.clock.now()).toISOString());
    expect(await getConversation(ctx.deps, alice, { conversationId: c.id })).toMatchObject({ muted: true, mutedMembers: ["alice"] });
    await unmuteConversation(ctx.deps, alice, { conversationId: c.id });
    expect(await getConversation(ctx.deps, alice, { conversationId: c.id })).toMatchObject({ muted: false, mutedMembers: [] });
    expect(ctx.events()).toEqual([]);
  });

  it("non-members → MEMBERSHIP_REQUIRED; operators have no mute of their own", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const c = await makeConversation(ctx, { appId: app.id, members: ["alice"] });
    await expect(muteConversation(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBERSHIP_REQUIRED" });
    await expect(muteConversation(ctx.deps, operatorActor(app.id), { conversationId: c.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
