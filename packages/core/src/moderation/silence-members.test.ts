import { describe, expect, it } from "vitest";
import { postMessage } from "../messages/post-message.js";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor } from "../testing/index.js";
import { listSilenced } from "./list-silenced.js";
import { silenceMembers } from "./silence-members.js";
import { unsilenceMembers } from "./unsilence-members.js";

async function setup() {
  const ctx = createTestContext();
  const app = await makeApp(ctx);
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "mgr", "mgr2", "m1", "m2"], roles: { mgr: "Manager", mgr2: "Manager" } });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}
const text = { kind: "text" as const, text: "hi" };

describe("silenceMembers", () => {
  it("silences members: they cannot send (MEMBER_SILENCED); everyone hears MembersSilenced", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await silenceMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1", "outsider"], reason: "spam" });
    expect(r).toEqual({ conversationId: c.id, allowed: ["m1", "outsider"], failures: [] });
    expect(ctx.events()).toEqual([
      {
        type: "MembersSilenced",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "owner",
        at: ctx.clock.now(),
        clientIds: ["m1", "outsider"],
        recipients: ["m1", "m2", "mgr", "mgr2", "owner", "outsider"],
      },
    ]);
    await expect(postMessage(ctx.deps, as("m1"), { conversationId: c.id, content: text })).rejects.toMatchObject({ code: "MEMBER_SILENCED" });
    await expect(postMessage(ctx.deps, as("m2"), { conversationId: c.id, content: text })).resolves.toBeTruthy();
  });

  it("expires after durationSeconds", async () => {
    const { ctx, c, as } = await setup();
    await silenceMembers(ctx.deps, as("mgr"), { conversationId: c.id, clientIds: ["m1"], durationSeconds: 60 });
    await expect(postMessage(ctx.deps, as("m1"), { conversationId: c.id, content: text })).rejects.toMatchObject({ code: "MEMBER_SILENCED" });
    ctx.clock.advance(60_000);
    await expect(postMessage(ctx.deps, as("m1"), { conversationId: c.id, content: text })).resolves.toBeTruthy();
    expect((await listSilenced(ctx.deps, as("m2"), { conversationId: c.id })).clientIds).toEqual([]);
  });

  it("permission matrix: Managers silence Members only; Members and outsiders not at all", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await silenceMembers(ctx.deps, as("mgr"), { conversationId: c.id, clientIds: ["m1", "mgr2", "owner"] });
    expect(r.allowed).toEqual(["m1"]);
    expect(r.failures).toEqual([{ code: "CONVERSATION_NOT_ALLOWED", message: "not allowed to silence this member", clientIds: ["mgr2", "owner"] }]);
    await expect(silenceMembers(ctx.deps, as("m1"), { conversationId: c.id, clientIds: ["m2"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    await expect(silenceMembers(ctx.deps, as("zed"), { conversationId: c.id, clientIds: ["m2"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    expect((await silenceMembers(ctx.deps, operatorActor(app.id, "moderator"), { conversationId: c.id, clientIds: ["owner"] })).allowed).toEqual(["owner"]);
  });

  it("unsilences: not-silenced ids succeed silently; the event lists the lifted ones only", async () => {
    const { ctx, c, as } = await setup();
    await silenceMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1"] });
    ctx.clearEvents();
    const r = await unsilenceMembers(ctx.deps, as("owner"), { conversationId: c.id, clientIds: ["m1", "m2"] });
    expect(r).toEqual({ conversationId: c.id, allowed: ["m1", "m2"], failures: [] });
    expect(ctx.eventsOf("MembersUnsilenced").map((e) => e.clientIds)).toEqual([["m1"]]);
    await expect(postMessage(ctx.deps, as("m1"), { conversationId: c.id, content: text })).resolves.toBeTruthy();
    await expect(unsilenceMembers(ctx.deps, as("m2"), { conversationId: c.id, clientIds: ["m1"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
  });
});
