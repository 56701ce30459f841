import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, serverActor } from "../testing/index.js";
import { listMemberRoles } from "./list-member-roles.js";
import { updateMemberRole } from "./update-member-role.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "mgr", "m1"], roles: { mgr: "Manager" } });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}

describe("updateMemberRole", () => {
  it("the Owner promotes and demotes; every member (the actor included) hears MemberRoleChanged", async () => {
    const { ctx, app, c, as } = await setup();
    expect(await updateMemberRole(ctx.deps, as("owner"), { conversationId: c.id, clientId: "m1", role: "Manager" })).toEqual({
      conversationId: c.id,
      clientId: "m1",
      role: "Manager",
    });
    expect(ctx.events()).toEqual([
      {
        type: "MemberRoleChanged",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "owner",
        at: ctx.clock.now(),
        clientId: "m1",
        role: "Manager",
        recipients: ["m1", "mgr", "owner"],
      },
    ]);
    await updateMemberRole(ctx.deps, as("owner"), { conversationId: c.id, clientId: "mgr", role: "Member" });
    expect((await listMemberRoles(ctx.deps, as("m1"), { conversationId: c.id })).members.map((m) => [m.clientId, m.role])).toEqual([
      ["m1", "Manager"],
      ["mgr", "Member"],
      ["owner", "Owner"],
    ]);
  });

  it("Owner cannot be granted; the Owner's role cannot change; only the Owner changes roles", async () => {
    const { ctx, c, as, app } = await setup();
    await expect(updateMemberRole(ctx.deps, as("owner"), { conversationId: c.id, clientId: "m1", role: "Owner" })).rejects.toMatchObject({
      code: "OWNER_PROMOTION_NOT_ALLOWED",
    });
    await expect(updateMemberRole(ctx.deps, serverActor(app.id), { conversationId: c.id, clientId: "owner", role: "Member" })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    await expect(updateMemberRole(ctx.deps, as("mgr"), { conversationId: c.id, clientId: "m1", role: "Manager" })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    await expect(updateMemberRole(ctx.deps, as("m1"), { conversationId: c.id, clientId: "m1", role: "Manager" })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    await expect(updateMemberRole(ctx.deps, as("owner"), { conversationId: c.id, clientId: "ghost", role: "Manager" })).rejects.toMatchObject({
      code: "MEMBERSHIP_REQUIRED",
    });
    await expect(updateMemberRole(ctx.deps, serverActor(app.id), { conversationId: c.id, clientId: "m1", role: "Manager" })).resolves.toBeTruthy();
  });

  it("needs the memberRoles feature and a normal conversation", async () => {
    const { ctx, app, as } = await setup({ features: { memberRoles: false } });
    const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "m1"] });
    await expect(updateMemberRole(ctx.deps, as("owner"), { conversationId: c.id, clientId: "m1", role: "Manager" })).rejects.toMatchObject({
      code: "FEATURE_DISABLED",
    });
    const ctx2 = await setup();
    const room = await makeConversation(ctx2.ctx, { appId: ctx2.app.id, kind: "chatroom", creator: "owner", members: ["owner", "m1"] });
    await expect(updateMemberRole(ctx2.ctx.deps, ctx2.as("owner"), { conversationId: room.id, clientId: "m1", role: "Manager" })).rejects.toMatchObject({
      code: "NORMAL_CONVERSATION_REQUIRED",
    });
  });
});
