// Core's membership rules under concurrency on the real PostgreSQL backend: the member limit of a
// normal conversation holds when many clients join at once, and a chat room takes concurrent
// joins without losing any (its joins do not queue on the conversation lock).
import { createConversation, joinConversation, type App } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, openTestBackend, type TestBackend } from "./testing/index.js";

let backend: TestBackend;
let app: App;
beforeAll(async () => {
  backend = await openTestBackend();
  app = await createTestApp(backend, { settings: { limits: { membersPerConversation: 10 } } });
});
afterAll(async () => {
  await backend?.close();
});

const client = (clientId: string) => ({ kind: "client" as const, appId: app.id, clientId });
const server = () => ({ kind: "server" as const, appId: app.id, clientId: "server" });

describe("joins under concurrency (PostgreSQL)", () => {
  it("a normal conversation never exceeds its member limit, whatever the interleaving", async () => {
    const { conversation } = await createConversation(backend.core, server(), { members: ["owner"] });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => joinConversation(backend.core, client(`n${i}`), { conversationId: conversation.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(9);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(21).fill("CONVERSATION_FULL"));
    const stored = await backend.core.uow.run(async (tx) => ({ ids: await tx.members.listIds(conversation.id), row: await tx.conversations.get(app.id, conversation.id) }));
    expect(stored.ids).toHaveLength(10);
    expect(stored.row?.memberCount).toBe(10);
  });

  it("a chat room takes 200 concurrent joins: every client is a member and the count is exact", async () => {
    const { conversation } = await createConversation(backend.core, server(), { kind: "chatroom" });
    await Promise.all(Array.from({ length: 200 }, (_, i) => joinConversation(backend.core, client(`r${i}`), { conversationId: conversation.id })));
    const stored = await backend.core.uow.run(async (tx) => ({ ids: await tx.members.listIds(conversation.id), row: await tx.conversations.get(app.id, conversation.id) }));
    expect(stored.ids).toHaveLength(200);
    expect(stored.row?.memberCount).toBe(200);
  });
});
