import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { listSilenced } from "./list-silenced.js";
import { silenceMembers } from "./silence-members.js";

async function setup() {
  const ctx = createTestContext();
  const app = await makeApp(ctx);
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "mgr", "mgr2", "m1", "m2"], roles: { mgr: "Manager", mgr2: "Manager" } });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}

describe("listSilenced", () => {
  it("pages active silences by client id with an opaque cursor; members only", async () => {
    const { ctx, app, c, as } = await setup();
    await silenceMembers(ctx.deps, operatorActor(app.id), { conversationId: c.id, clientIds: ["e", "a", "d", "b", "c"] });
    const p1 = await listSilenced(ctx.deps, as("m1"), { conversationId: c.id, limit: 2 });
    expect(p1.clientIds).toEqual(["a", "b"]);
    expect(p1.next).toBeTruthy();
    const p2 = await listSilenced(ctx.deps, as("m1"), { conversationId: c.id, limit: 2, next: p1.next });
    expect(p2.clientIds).toEqual(["c", "d"]);
    const p3 = await listSilenced(ctx.deps, as("m1"), { conversationId: c.id, limit: 2, next: p2.next });
    expect(p3).toMatchObject({ clientIds: ["e"], next: null });
    expect(p3.silences[0]).toMatchObject({ clientId: "e", silencedBy: "admin", expiresAt: null });
    await expect(listSilenced(ctx.deps, as("zed"), { conversationId: c.id })).rejects.toMatchObject({ code: "MEMBERSHIP_REQUIRED" });
    await expect(listSilenced(ctx.deps, as("m1"), { conversationId: c.id, next: "garbage" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await listSilenced(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: c.id, limit: 10 })).clientIds).toHaveLength(5);
  });
});
