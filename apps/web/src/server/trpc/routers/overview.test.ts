import { createConversation, postMessage } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  const deps = kit.services.core.deps;
  const id = (await createConversation(deps, kit.serverActor("app1"), { members: ["a", "b"] })).conversation.id;
  await createConversation(deps, kit.serverActor("app1"), { kind: "chatroom" });
  for (let i = 0; i < 3; i++) await postMessage(deps, kit.serverActor("app1"), { conversationId: id, content: { kind: "text", text: `m${i}` } });
});
afterAll(() => kit?.dispose());

describe("overview.stats", () => {
  it.each(ROLES)("counts conversations and messages per minute for a %s", async (role) => {
    const r = await kit.as(role).overview.stats({ appId: "app1" });
    expect(r.conversations).toEqual({ normal: 1, chatroom: 1, service: 0, temporary: 0 });
    expect(r.messagesLastHour).toBe(3);
    expect(r.series.length).toBeGreaterThanOrEqual(60);
    expect(r.series.reduce((s, p) => s + p.count, 0)).toBe(3);
  });

  it("refuses anonymous callers", async () => {
    expect((await errorOf(kit.anonymous().overview.stats({ appId: "app1" }))).code).toBe("UNAUTHORIZED");
  });
});
