import { createConversation, postMessage } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, seedApp, type RouterTestKit } from "../test-kit";
import type { LiveEvent } from "./live";

let kit: RouterTestKit;
let convId: string;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  await seedApp(kit, "app2");
  convId = (await createConversation(kit.services.core.deps, kit.serverActor("app1"), { members: ["a", "b"] })).conversation.id;
});
afterAll(() => kit?.dispose());

describe("live.events", () => {
  it("streams the app's events (from core and from the console) until aborted", async () => {
    const controller = new AbortController();
    const stream = await kit.as("viewer", controller.signal).live.events({ appId: "app1", conversationId: convId });
    const received: LiveEvent[] = [];
    const done = (async () => {
      for await (const event of stream as AsyncIterable<LiveEvent>) {
        received.push(event);
        if (received.length === 2) controller.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Another app's and another conversation's events are not sent.
    const other = (await createConversation(kit.services.core.deps, kit.serverActor("app2"), { members: ["x"] })).conversation.id;
    await postMessage(kit.services.core.deps, kit.serverActor("app2"), { conversationId: other, content: { kind: "text", text: "no" } });
    await postMessage(kit.services.core.deps, kit.serverActor("app1"), { conversationId: convId, content: { kind: "text", text: "yes" } });
    await kit.as("moderator").conversation.update({ appId: "app1", conversationId: convId, attributes: { y: 1 } });
    await done;
    expect(received.map((e) => [e.type, e.conversationId])).toEqual([
      ["MessagePosted", convId],
      ["ConversationUpdated", convId],
    ]);
    expect(JSON.stringify(received)).not.toContain("yes");
  });

  it("refuses anonymous callers", async () => {
    expect((await errorOf(kit.anonymous().live.events({ appId: "app1" }))).code).toBe("UNAUTHORIZED");
  });
});
