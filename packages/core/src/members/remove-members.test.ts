import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, sign } from "../testing/index.js";
import { removeMembers } from "./remove-members.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, {
    appId: app.id,
    creator: "owner",
    members: ["owner", "mgr", "mgr2", "m1", "m2"],
    roles: { mgr: "Manager", mgr2: "Manager" },
  });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}

describe("removeMembers", () => {
  it("the Owner kicks anyone; the removed and the remaining members hear MembersLeft", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await removeMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["mgr", "m1", "ghost"] });
    expect(r).toEqual({ conversationId: c.id, allowed: ["mgr", "m1", "ghost"], removed: ["mgr", "m1"], failures: [] });
    expect(ctx.events()).toEqual([
      {
        type: "MembersLeft",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "owner",
        at: ctx.clock.now(),
        removed: ["mgr", "m1"],
        recipients: ["m2", "mgr2", "owner", "mgr", "m1"],
      },
    ]);
  });

  it("a Manager kicks Members but not the Owner or other Managers (per-id failures)", async () => {
    const { ctx, c, as } = await setup();
    const r = await removeMembers(ctx.deps, as("mgr"), { conversationId: c.id, clientIds: ["m1", "owner", "mgr2"] });
    expect(r.removed).toEqual(["m1"]);
    expect(r.failures).toEqual([{ code: "CONVERSATION_NOT_ALLOWED", message: "not allowed to remove this member", clientIds: ["owner", "mgr2"] }]);
  });

  it("Members and non-members cannot kick others (whole request)", async () => {
    const { ctx, c, as } = await setup();
    await expect(removeMembers(ctx.deps, as("m1"), { conversationId: c.id, clientIds: ["m2"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    await expect(removeMembers(ctx.deps, as("zed"), { conversationId: c.id, clientIds: ["m2"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    expect(ctx.events()).toEqual([]);
  });

  it("anyone removes itself (the Owner too); removing a non-member self is a no-op", async () => {
    const { ctx, c, as } = await setup();
    expect((await removeMembers(ctx.deps, as("m1"), { conversationId: c.id, clientIds: ["m1"] })).removed).toEqual(["m1"]);
    expect((await removeMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["owner"] })).removed).toEqual(["owner"]);
    expect((await removeMembers(ctx.deps, as("zed"), { conversationId: c.id, clientIds: ["zed"] })).removed).toEqual([]);
    expect(ctx.eventsOf("MembersLeft")).toHaveLength(2);
  });

  it("operators remove the Owner too", async () => {
    const { ctx, app, c } = await setup();
    const r = await removeMembers(ctx.deps, operatorActor(app.id, "moderator", "Mod"), { conversationId: c.id, clientIds: ["owner"] });
    expect(r.removed).toEqual(["owner"]);
  });

  it("verifies the signature over `m` as sent, duplicates kept (what the SDK's factory signs)", async () => {
    const { ctx, app, c, as } = await setup({ signatures: { conversation: true } });
    await expect(removeMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1"] })).rejects.toMatchObject({ code: "CONVERSATION_SIGNATURE_FAILED" });
    const asSent = sign(ctx, app.masterKey, (t, n) => `${app.id}:owner:${c.id}:m1:m1:m2:${t}:${n}:kick`, ctx.clock.now());
    await expect(removeMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m2", "m1", "m1"], signature: asSent })).resolves.toMatchObject({
      removed: ["m2", "m1"],
    });
  });
});
