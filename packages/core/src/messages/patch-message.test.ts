import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, serverActor } from "../testing/index.js";
import { PATCH_CODE_MODERATED } from "../events.js";
import { blockMembers } from "../moderation/block-members.js";
import { silenceMembers } from "../moderation/silence-members.js";
import { patchMessage } from "./patch-message.js";
import { postMessage } from "./post-message.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, creator: "owner", members: ["owner", "alice", "bob"] });
  const as = (id: string) => clientActor(app.id, id);
  const sent = await postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: { kind: "text", text: '{"_lctype":-1,"_lctext":"hello"}' }, mentionPids: ["bob"] });
  ctx.clearEvents();
  return { ctx, app, c, as, sent };
}

describe("patchMessage", () => {
  it("recall: content becomes {\"_lctype\":-127}, recalled, revision kept, last message replaced, MessagePatched to members", async () => {
    const { ctx, app, c, as, sent } = await setup();
    ctx.clock.advance(1000);
    const r = await patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: sent.id, timestamp: sent.timestamp });
    expect(r.patchTimestamp).toBe(ctx.clock.now());
    expect(r.message).toMatchObject({
      id: sent.id,
      timestamp: sent.timestamp,
      content: { kind: "text", text: '{"_lctype":-127}' },
      lcType: -127,
      recalled: true,
      mentionPids: [],
      patchTimestamp: r.patchTimestamp,
    });
    const revisions = await ctx.deps.uow.run((tx) => tx.messages.listRevisions(c.id, sent.id));
    expect(revisions).toEqual([
      { conversationId: c.id, messageId: sent.id, content: sent.message.content, replacedAt: r.patchTimestamp, replacedBy: "alice", reason: null, kind: "recall" },
    ]);
    const conv = await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id));
    expect(conv?.lastMessage).toMatchObject({ id: sent.id, content: { text: '{"_lctype":-127}' }, patchTimestamp: r.patchTimestamp });
    expect(ctx.events()).toEqual([
      {
        type: "MessagePatched",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "alice",
        at: ctx.clock.now(),
        message: r.message,
        recall: true,
        recipients: ["alice", "bob", "owner"],
      },
    ]);
  });

  it("edit: new content and mentions, patchTimestamp increases on every change", async () => {
    const { ctx, c, as, sent } = await setup();
    const e1 = await patchMessage(ctx.deps, as("alice"), {
      recall: false,
      conversationId: c.id,
      messageId: sent.id,
      content: { kind: "text", text: '{"_lctype":-1,"_lctext":"edited"}' },
      mentionAll: true,
      reason: "typo",
    });
    expect(e1.message).toMatchObject({ content: { text: '{"_lctype":-1,"_lctext":"edited"}' }, mentionAll: true, mentionPids: [], recalled: false });
    const e2 = await patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "again" } });
    expect(e2.patchTimestamp).toBeGreaterThan(e1.patchTimestamp);
    expect(e2.message.lcType).toBeNull();
    const revisions = await ctx.deps.uow.run((tx) => tx.messages.listRevisions(c.id, sent.id));
    expect(revisions.map((r) => [r.kind, r.reason, r.content])).toEqual([
      ["edit", "typo", sent.message.content],
      ["edit", null, { kind: "text", text: '{"_lctype":-1,"_lctext":"edited"}' }],
    ]);
  });

  it("only the sender (MESSAGE_OWNERSHIP_REQUIRED), even the Owner; servers and operators may", async () => {
    const { ctx, app, c, as, sent } = await setup();
    for (const who of ["bob", "owner"]) {
      await expect(patchMessage(ctx.deps, as(who), { recall: true, conversationId: c.id, messageId: sent.id })).rejects.toMatchObject({
        code: "MESSAGE_OWNERSHIP_REQUIRED",
      });
    }
    await expect(patchMessage(ctx.deps, serverActor(app.id), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "moderated" } })).resolves.toBeTruthy();
    const r = await patchMessage(ctx.deps, operatorActor(app.id, "moderator", "Mod"), { recall: true, conversationId: c.id, messageId: sent.id, reason: "abuse" });
    expect(r.message.recalled).toBe(true);
    expect(ctx.eventsOf("MessagePatched").at(-1)?.initBy).toBe("Mod");
    await expect(patchMessage(ctx.deps, operatorActor(app.id, "viewer"), { recall: true, conversationId: c.id, messageId: sent.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("a silenced or blocked sender may recall but not edit (an edit is speaking)", async () => {
    const { ctx, app, c, as, sent } = await setup();
    const edit = () => patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "sneaky" } });
    await silenceMembers(ctx.deps, serverActor(app.id), { conversationId: c.id, clientIds: ["alice"] });
    await expect(edit()).rejects.toMatchObject({ code: "MEMBER_SILENCED" });
    await blockMembers(ctx.deps, serverActor(app.id), { conversationId: c.id, clientIds: ["alice"] });
    await expect(edit()).rejects.toMatchObject({ code: "MEMBER_BLOCKED" });
    expect((await ctx.deps.uow.run((tx) => tx.messages.get(c.id, sent.id)))?.content).toEqual(sent.message.content);
    await expect(patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: sent.id })).resolves.toBeTruthy();
  });

  it("tells clients why when someone other than the sender changed the message (PatchReason)", async () => {
    const { ctx, app, c, as, sent } = await setup();
    await patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "typo fixed" } });
    expect(ctx.eventsOf("MessagePatched").at(-1)?.reason).toBeUndefined();
    await patchMessage(ctx.deps, operatorActor(app.id, "moderator", "Mod"), { recall: true, conversationId: c.id, messageId: sent.id, reason: "abuse" });
    expect(ctx.eventsOf("MessagePatched").at(-1)?.reason).toEqual({ code: PATCH_CODE_MODERATED, detail: "abuse" });
  });

  it("feature switches and the patch window apply to clients only", async () => {
    const { ctx, app, c, as, sent } = await setup({ features: { recall: false, edit: false } });
    await expect(patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: sent.id })).rejects.toMatchObject({
      code: "MESSAGE_RECALL_DISABLED",
    });
    await expect(patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "x" } })).rejects.toMatchObject({
      code: "MESSAGE_EDIT_DISABLED",
    });
    await expect(patchMessage(ctx.deps, operatorActor(app.id), { recall: true, conversationId: c.id, messageId: sent.id })).resolves.toBeTruthy();

    const w = await setup({ features: { patchWindowSeconds: 60 } });
    w.ctx.clock.advance(60_001);
    await expect(w.ctx.deps && patchMessage(w.ctx.deps, w.as("alice"), { recall: true, conversationId: w.c.id, messageId: w.sent.id })).rejects.toMatchObject({
      code: "MESSAGE_RECALL_DISABLED",
    });
  });

  it("a recalled message cannot be edited; unknown messages → MESSAGE_NOT_FOUND; oversize edits → MESSAGE_TOO_LARGE", async () => {
    const { ctx, c, as, sent } = await setup({ limits: { messageBytes: 64 } });
    await expect(patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "x".repeat(65) } })).rejects.toMatchObject({
      code: "MESSAGE_TOO_LARGE",
    });
    await patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: sent.id });
    await expect(patchMessage(ctx.deps, as("alice"), { recall: false, conversationId: c.id, messageId: sent.id, content: { kind: "text", text: "x" } })).rejects.toMatchObject({
      code: "MESSAGE_EDIT_DISABLED",
    });
    await expect(patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: "nope" })).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
  });
});
