import { describe, expect, it } from "vitest";
import { addMembers } from "../members/add-members.js";
import { joinConversation } from "../members/join-conversation.js";
import { postMessage } from "../messages/post-message.js";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, sign } from "../testing/index.js";
import { blockMembers } from "./block-members.js";
import { listBlocked } from "./list-blocked.js";
import { unblockMembers } from "./unblock-members.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "mgr", "m1", "m2"], roles: { mgr: "Manager" } });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}

describe("blockMembers", () => {
  it("blocks and removes current members: MembersBlocked then MembersLeft", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1", "stranger"] });
    expect(r).toEqual({ conversationId: c.id, allowed: ["m1", "stranger"], removed: ["m1"], failures: [] });
    const base = { appId: app.id, conversationId: c.id, conversationKind: "normal", initBy: "owner", at: ctx.clock.now() };
    expect(ctx.events()).toEqual([
      { ...base, type: "MembersBlocked", clientIds: ["m1", "stranger"], recipients: ["m2", "mgr", "owner", "m1", "stranger"] },
      { ...base, type: "MembersLeft", removed: ["m1"], recipients: ["m2", "mgr", "owner", "m1"] },
    ]);
    expect(await ctx.deps.uow.run((tx) => tx.members.listIds(c.id))).toEqual(["m2", "mgr", "owner"]);
  });

  it("prevents rejoining, re-adding and sending", async () => {
    const { ctx, c, as } = await setup();
    await blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1"] });
    await expect(joinConversation(ctx.deps, as("m1"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBER_BLOCKED" });
    const add = await addMembers(ctx.deps, as("m2"), { conversationId: c.id, clientIds: ["m1"] });
    expect(add.failures).toEqual([{ code: "MEMBER_BLOCKED", message: "blocked in this conversation", clientIds: ["m1"] }]);
    await expect(postMessage(ctx.deps, as("m1"), { conversationId: c.id, content: { kind: "text", text: "x" } })).rejects.toMatchObject({
      code: "MEMBER_BLOCKED",
    });
  });

  it("unblocking does not re-add; the client may join again", async () => {
    const { ctx, c, as } = await setup();
    await blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1"] });
    ctx.clearEvents();
    const r = await unblockMembers(ctx.deps, as("mgr"), { conversationId: c.id, clientIds: ["m1", "never-blocked"] });
    expect(r).toEqual({ conversationId: c.id, allowed: ["m1", "never-blocked"], failures: [] });
    expect(ctx.eventsOf("MembersUnblocked").map((e) => [e.clientIds, e.recipients])).toEqual([[["m1"], ["m2", "mgr", "owner", "m1"]]]);
    expect(ctx.eventsOf("MembersJoined")).toEqual([]);
    await expect(joinConversation(ctx.deps, as("m1"), { conversationId: c.id })).resolves.toEqual({ conversationId: c.id, joined: true });
  });

  it("an expiring block lifts itself: listed and enforced until then, then rejoin is allowed", async () => {
    const { ctx, c } = await setup();
    const operator = operatorActor(c.appId);
    await blockMembers(ctx.deps, operator, { conversationId: c.id, clientIds: ["m1"], durationSeconds: 60, reason: "cool down" });
    const listed = await listBlocked(ctx.deps, operator, { conversationId: c.id });
    expect(listed.blocks).toEqual([
      expect.objectContaining({ clientId: "m1", reason: "cool down", expiresAt: new Date(ctx.clock.now() + 60_000) }),
    ]);
    await expect(joinConversation(ctx.deps, clientActor(c.appId, "m1"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBER_BLOCKED" });
    ctx.clock.advance(60_000);
    expect((await listBlocked(ctx.deps, operator, { conversationId: c.id })).clientIds).toEqual([]);
    await expect(joinConversation(ctx.deps, clientActor(c.appId, "m1"), { conversationId: c.id })).resolves.toEqual({ conversationId: c.id, joined: true });
  });

  it("blocking again replaces the expiry (a permanent block over a timed one)", async () => {
    const { ctx, c } = await setup();
    const operator = operatorActor(c.appId);
    await blockMembers(ctx.deps, operator, { conversationId: c.id, clientIds: ["m1"], durationSeconds: 60 });
    await blockMembers(ctx.deps, operator, { conversationId: c.id, clientIds: ["m1"] });
    ctx.clock.advance(120_000);
    expect((await listBlocked(ctx.deps, operator, { conversationId: c.id })).blocks).toEqual([expect.objectContaining({ clientId: "m1", expiresAt: null })]);
  });

  it("permission matrix: the Manager cannot block the Owner; Members cannot block", async () => {
    const { ctx, c, as } = await setup();
    const r = await blockMembers(ctx.deps, as("mgr"), { conversationId: c.id, clientIds: ["owner", "m2"] });
    expect(r.allowed).toEqual(["m2"]);
    expect(r.failures[0]).toMatchObject({ code: "CONVERSATION_NOT_ALLOWED", clientIds: ["owner"] });
    await expect(blockMembers(ctx.deps, as("m1"), { conversationId: c.id, clientIds: ["mgr"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
  });

  it("needs the blockList feature", async () => {
    const { ctx, c, as } = await setup({ features: { blockList: false } });
    await expect(blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1"] })).rejects.toMatchObject({ code: "FEATURE_DISABLED" });
  });

  it("checks the blacklist signature when enabled", async () => {
    const { ctx, app, c, as } = await setup({ signatures: { blacklist: true } });
    await expect(blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m2", "m1"] })).rejects.toMatchObject({
      code: "CONVERSATION_SIGNATURE_FAILED",
    });
    const signature = sign(ctx, app.masterKey, (t, n) => `${app.id}:owner:${c.id}:m1:m2:${t}:${n}:conversation-block-clients`, ctx.clock.now());
    await expect(blockMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m2", "m1"], signature })).resolves.toMatchObject({
      removed: ["m2", "m1"],
    });
    await expect(blockMembers(ctx.deps, operatorActor(app.id), { conversationId: c.id, clientIds: ["x"] })).resolves.toBeTruthy();
  });
});
