import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, serverActor } from "../testing/index.js";
import { updateConversation } from "./update-conversation.js";

async function setup() {
  const ctx = createTestContext();
  const app = await makeApp(ctx);
  const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"], name: "old", attributes: { color: { text: "#000", bg: "#fff" } } });
  return { ctx, app, c };
}

describe("updateConversation", () => {
  it("applies dotted paths as sent, returns udate/attrModified and pushes the attr as sent to every member", async () => {
    const { ctx, app, c } = await setup();
    ctx.clock.advance(5000);
    const attr = { "color.text": "#333", name: "new", "x.y.z": 1, "color.bg": { __op: "Delete" } };
    const r = await updateConversation(ctx.deps, clientActor(app.id, "bob"), { conversationId: c.id, attributes: attr });
    expect(r.conversation).toMatchObject({ name: "new", attributes: { color: { text: "#333" }, x: { y: { z: 1 } } } });
    expect(r.udate).toBe(new Date(ctx.clock.now()).toISOString());
    expect(r.conversation.updatedAt.toISOString()).toBe(r.udate);
    expect(r.attrModified).toEqual({ "color.text": "#333", name: "new", "x.y.z": 1, "color.bg": { __op: "Delete" } });
    expect(ctx.events()).toEqual([
      {
        type: "ConversationUpdated",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "bob",
        at: ctx.clock.now(),
        attr,
        udate: r.udate,
        recipients: ["alice", "bob"],
      },
    ]);
  });

  it("non-members → CONVERSATION_UPDATE_REJECTED; servers and operators may update", async () => {
    const { ctx, app, c } = await setup();
    await expect(updateConversation(ctx.deps, clientActor(app.id, "zed"), { conversationId: c.id, attributes: { a: 1 } })).rejects.toMatchObject({
      code: "CONVERSATION_UPDATE_REJECTED",
    });
    await expect(updateConversation(ctx.deps, serverActor(app.id), { conversationId: c.id, attributes: { a: 1 } })).resolves.toBeTruthy();
    const r = await updateConversation(ctx.deps, operatorActor(app.id, "moderator", "Admin"), { conversationId: c.id, attributes: { a: 2 } });
    expect(r.conversation.attributes.a).toBe(2);
    expect(ctx.eventsOf("ConversationUpdated").at(-1)?.initBy).toBe("Admin");
    await expect(updateConversation(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: c.id, attributes: { a: 3 } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("reserved keys → INVALID_INPUT, nothing changes", async () => {
    const { ctx, app, c } = await setup();
    const attempts: Record<string, string[] | boolean | string>[] = [{ m: ["x"] }, { "sys.a": true }, { updatedAt: "x" }, { unique: true }];
    for (const attributes of attempts) {
      await expect(updateConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: c.id, attributes })).rejects.toMatchObject({
        code: "INVALID_INPUT",
      });
    }
    expect(ctx.events()).toEqual([]);
  });

  it("service conversations are changed by servers/operators only; temporary ones have no attributes", async () => {
    const { ctx, app } = await setup();
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["alice"] });
    await expect(updateConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: svc.id, attributes: { a: 1 } })).rejects.toMatchObject({
      code: "CONVERSATION_UPDATE_REJECTED",
    });
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice"] });
    await expect(updateConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: tmp.id, attributes: { a: 1 } })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    await expect(updateConversation(ctx.deps, clientActor(app.id, "alice"), { conversationId: "nope", attributes: { a: 1 } })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_FOUND",
    });
  });
});
