import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { blockMembers } from "./block-members.js";
import { listBlocked } from "./list-blocked.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "mgr", "m1", "m2"], roles: { mgr: "Manager" } });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}

describe("listBlocked", () => {
  it("pages blocked client ids", async () => {
    const { ctx, app, c, as } = await setup();
    await blockMembers(ctx.deps, operatorActor(app.id), { conversationId: c.id, clientIds: ["z", "y", "x"], reason: "abuse" });
    const p1 = await listBlocked(ctx.deps, as("owner"), { conversationId: c.id, limit: 2 });
    expect(p1.clientIds).toEqual(["x", "y"]);
    const p2 = await listBlocked(ctx.deps, as("owner"), { conversationId: c.id, limit: 2, next: p1.next });
    expect(p2).toMatchObject({ clientIds: ["z"], next: null });
    expect(p2.blocks[0]).toMatchObject({ reason: "abuse", blockedBy: "admin" });
    await expect(listBlocked(ctx.deps, as("outsider"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBERSHIP_REQUIRED" });
  });
});
