import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation } from "../testing/index.js";
import { deliverWillMessage } from "./deliver-will-message.js";
import { postMessage } from "./post-message.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob", "carol"] });
  return { ctx, app, c, as: (id: string) => clientActor(app.id, id) };
}
const text = (t: string) => ({ kind: "text" as const, text: t });
const stored = (ctx: Awaited<ReturnType<typeof setup>>["ctx"], cid: string, id: string) => ctx.deps.uow.run((tx) => tx.messages.get(cid, id));

describe("deliverWillMessage", () => {
  it("will messages are held: acknowledged, not stored or pushed until deliverWillMessage", async () => {
    const { ctx, app, c, as } = await setup();
    const r = await postMessage(ctx.deps, as("alice"), { conversationId: c.id, content: text("alice went offline"), will: true });
    expect(r.stored).toBe(false);
    expect(r.heldWillMessage).toEqual(r.message);
    expect(await stored(ctx, c.id, r.id)).toBeNull();
    expect(ctx.events()).toEqual([]);
    ctx.clock.advance(30_000);
    const held = r.heldWillMessage!;
    const d = await deliverWillMessage(ctx.deps, as("alice"), { conversationId: c.id, messageId: held.id, content: held.content });
    expect(d.message).toMatchObject({ id: r.id, timestamp: ctx.clock.now(), from: "alice" });
    expect(await stored(ctx, c.id, r.id)).toEqual(d.message);
    expect(ctx.eventsOf("MessagePosted")[0]).toMatchObject({ will: true, transient: false, recipients: ["alice", "bob", "carol"] });
    expect((await ctx.deps.uow.run((tx) => tx.conversations.get(app.id, c.id)))?.lastMessage?.id).toBe(r.id);
  });

  it("a will message is re-checked at delivery (the sender may have left)", async () => {
    const { ctx, c, as } = await setup();
    const r = await postMessage(ctx.deps, as("bob"), { conversationId: c.id, content: text("bye"), will: true });
    await ctx.deps.uow.run((tx) => tx.members.remove(c.id, ["bob"]));
    await expect(deliverWillMessage(ctx.deps, as("bob"), { conversationId: c.id, messageId: r.id, content: text("bye") })).rejects.toMatchObject({
      code: "INVALID_MESSAGING_TARGET",
    });
  });
});
