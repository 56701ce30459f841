import { describe, expect, it } from "vitest";
import { createConversation } from "../conversations/create-conversation.js";
import { updateConversation } from "../conversations/update-conversation.js";
import { addMembers } from "../members/add-members.js";
import { postMessage } from "../messages/post-message.js";
import { clientActor, createTestContext, makeApp, operatorActor } from "../testing/index.js";
import { listNotifications } from "./list-notifications.js";

describe("listNotifications", () => {
  it("returns the permanent changes a client missed, ascending, paged by serverTs (messages are not kept)", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const alice = clientActor(app.id, "alice");
    const { conversation } = await createConversation(ctx.deps, alice, { members: ["bob"] });
    const start = ctx.clock.now();
    ctx.clock.advance(10);
    await postMessage(ctx.deps, alice, { conversationId: conversation.id, content: { kind: "text", text: "hi" } });
    await addMembers(ctx.deps, alice, { conversationId: conversation.id, clientIds: ["carol"] });
    ctx.clock.advance(10);
    await updateConversation(ctx.deps, alice, { conversationId: conversation.id, attributes: { topic: "t" } });

    const bob = clientActor(app.id, "bob");
    const all = await listNotifications(ctx.deps, bob, { since: 0 });
    expect(all.notifications.map((n) => [n.event.type, n.serverTs])).toEqual([
      ["ConversationCreated", start],
      ["MembersJoined", start + 10],
      ["ConversationUpdated", start + 20],
    ]);
    expect(all.hasMore).toBe(false);
    const page = await listNotifications(ctx.deps, bob, { since: start, limit: 1 });
    expect(page.notifications.map((n) => n.event.type)).toEqual(["MembersJoined"]);
    expect(page.hasMore).toBe(true);
    expect((await listNotifications(ctx.deps, clientActor(app.id, "carol"), { since: 0 })).notifications.map((n) => n.event.type)).toEqual([
      "MembersJoined",
      "ConversationUpdated",
    ]);
    await expect(listNotifications(ctx.deps, operatorActor(app.id), { since: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
