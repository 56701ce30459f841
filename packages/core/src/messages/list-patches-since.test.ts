import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation } from "../testing/index.js";
import { listPatchesSince } from "./list-patches-since.js";
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

describe("listPatchesSince", () => {
  it("returns patches after lastPatchTime in the client's conversations, ascending, with hasMore", async () => {
    const { ctx, app, c, as, sent } = await setup();
    const before = ctx.clock.now();
    ctx.clock.advance(10);
    const second = await postMessage(ctx.deps, as("bob"), { conversationId: c.id, content: { kind: "text", text: "x" } });
    ctx.clock.advance(10);
    await patchMessage(ctx.deps, as("bob"), { recall: true, conversationId: c.id, messageId: second.id });
    ctx.clock.advance(10);
    await patchMessage(ctx.deps, as("alice"), { recall: true, conversationId: c.id, messageId: sent.id });
    const all = await listPatchesSince(ctx.deps, as("owner"), { since: before });
    expect(all.messages.map((m) => m.id)).toEqual([second.id, sent.id]);
    expect(all.hasMore).toBe(false);
    const one = await listPatchesSince(ctx.deps, as("owner"), { since: before, limit: 1 });
    expect(one).toMatchObject({ hasMore: true });
    expect((await listPatchesSince(ctx.deps, as("owner"), { since: one.messages[0]!.patchTimestamp! })).messages.map((m) => m.id)).toEqual([sent.id]);
    expect((await listPatchesSince(ctx.deps, as("outsider"), { since: 0 })).messages).toEqual([]);
    void app;
  });
});
