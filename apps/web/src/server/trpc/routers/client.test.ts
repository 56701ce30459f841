import { blockMembers, createConversation, postMessage, silenceMembers } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;
let a: string;
let b: string;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  const deps = kit.services.core.deps;
  const server = kit.serverActor("app1");
  a = (await createConversation(deps, server, { members: ["alice", "bob"], attributes: { name: "A" } })).conversation.id;
  b = (await createConversation(deps, server, { members: ["alice", "bob", "carol"], attributes: { name: "B" } })).conversation.id;
  await postMessage(deps, { kind: "client", appId: "app1", clientId: "bob" }, { conversationId: a, content: { kind: "text", text: "to alice" } });
  await postMessage(deps, { kind: "client", appId: "app1", clientId: "alice" }, { conversationId: b, content: { kind: "text", text: "from alice" } });
  await silenceMembers(deps, server, { conversationId: b, clientIds: ["alice"], reason: "flood" });
  await blockMembers(deps, server, { conversationId: b, clientIds: ["carol"] });
});
afterAll(() => kit?.dispose());

describe("client.lookup", () => {
  it.each(ROLES)("shows a client's conversations, silences, unread and recent messages to a %s", async (role) => {
    const r = await kit.as(role).client.lookup({ appId: "app1", clientId: "alice" });
    expect(r.conversations.map((c) => c.id).sort()).toEqual([a, b].sort());
    expect(r.silenced).toMatchObject([{ conversationId: b, reason: "flood" }]);
    expect(r.blocked).toEqual([]);
    expect(r.unread).toEqual([{ conversationId: a, count: 1, mentioned: false }]);
    expect(r.recentMessages).toMatchObject([{ conversationId: b, text: "from alice" }]);
  });

  it("shows where a client is blocked", async () => {
    const r = await kit.as("viewer").client.lookup({ appId: "app1", clientId: "carol" });
    expect(r.blocked).toMatchObject([{ conversationId: b }]);
    expect(r.conversations).toEqual([]);
  });

  it("refuses anonymous callers and finds nothing in another app", async () => {
    expect((await errorOf(kit.anonymous().client.lookup({ appId: "app1", clientId: "alice" }))).code).toBe("UNAUTHORIZED");
    const other = await kit.as("admin").client.lookup({ appId: "other", clientId: "alice" });
    expect(other.conversations).toEqual([]);
  });
});
