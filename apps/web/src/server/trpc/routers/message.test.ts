import { createConversation, markRead, postMessage } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, expectOneAudit, expectRefusedForAll, refusalsBelow, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;
let convId: string;
let serviceId: string;
const ids: string[] = [];
const alice = { kind: "client" as const, appId: "app1", clientId: "alice" };
const messagesState = () => kit.database.sql`select id, content_text, recalled from messages where conversation_id = ${convId} order by timestamp, id`;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  const deps = kit.services.core.deps;
  convId = (await createConversation(deps, kit.serverActor("app1"), { members: ["alice", "bob", "carol"] })).conversation.id;
  serviceId = (await createConversation(deps, kit.serverActor("app1"), { kind: "service", members: ["s1", "s2", "s3"] })).conversation.id;
  const contents = [
    JSON.stringify({ _lctype: -1, _lctext: "hello" }),
    JSON.stringify({ _lctype: -2, _lcfile: { url: "https://img.example/a.png" } }),
    "plain text",
    JSON.stringify({ _lctype: 7, custom: true }),
  ];
  for (const text of contents) {
    const r = await postMessage(deps, alice, { conversationId: convId, content: { kind: "text", text }, receipt: true });
    ids.push(r.id);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  await markRead(deps, { kind: "client", appId: "app1", clientId: "bob" }, { conversations: [{ conversationId: convId }] });
});
afterAll(() => kit?.dispose());

describe("message.history", () => {
  it.each(ROLES)("shows messages to a %s with receipt counts, and audits the view", async (role) => {
    const n = await kit.auditCount();
    const r = await kit.as(role).message.history({ appId: "app1", conversationId: convId });
    expect(r.items.map((m) => m.id)).toEqual(ids);
    expect(r.items[0]).toMatchObject({ from: "alice", lcType: -1, content: { kind: "text" }, receipts: { recipients: 2, read: 1 } });
    const row = await expectOneAudit(kit, n, "message.view");
    expect(row.conversation_id).toBe(convId);
  });

  it("audits a re-read of the same view once (the live tail re-reads on every message), a new query again", async () => {
    const caller = kit.as("moderator");
    await caller.message.history({ appId: "app1", conversationId: convId, limit: 7 });
    const n = await kit.auditCount();
    await caller.message.history({ appId: "app1", conversationId: convId, limit: 7 });
    await caller.message.history({ appId: "app1", conversationId: convId, limit: 7 });
    expect(await kit.auditCount()).toBe(n);
    await caller.message.history({ appId: "app1", conversationId: convId, limit: 8 });
    await expectOneAudit(kit, n, "message.view");
  });

  it("supports direction, bounds, type and sender filters", async () => {
    const caller = kit.as("viewer");
    const q = (input: object) => caller.message.history({ appId: "app1", conversationId: convId, ...input }).then((r) => r.items.map((m) => m.id));
    expect(await q({ limit: 2 })).toEqual(ids.slice(2));
    expect(await q({ direction: "new", limit: 2 })).toEqual(ids.slice(0, 2));
    expect(await q({ lcType: -2 })).toEqual([ids[1]]);
    expect(await q({ from: "bob" })).toEqual([]);
    const all = await caller.message.history({ appId: "app1", conversationId: convId });
    expect(await q({ start: { timestamp: all.items[2]!.timestamp, messageId: ids[2] } })).toEqual(ids.slice(0, 2));
  });

  it("refuses anonymous callers and other apps", async () => {
    expect((await errorOf(kit.anonymous().message.history({ appId: "app1", conversationId: convId }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(kit.as("admin").message.history({ appId: "nope", conversationId: convId }))).code).toBe("NOT_FOUND");
  });
});

describe("message.recall, message.edit and revisions", () => {
  it("are refused below moderator and without a reason", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.message.recall({ appId: "app1", conversationId: convId, messageId: ids[0]!, reason: "x" }), messagesState);
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.message.edit({ appId: "app1", conversationId: convId, messageId: ids[0]!, text: "x", reason: "x" }), messagesState);
    await expectRefusedForAll(kit, [{ caller: kit.as("admin"), code: "BAD_REQUEST", label: "no reason" }], (c) => c.message.recall({ appId: "app1", conversationId: convId, messageId: ids[0]!, reason: " " }), messagesState);
  });

  it("recalls with a reason; the original stays visible to admins only", async () => {
    const n = await kit.auditCount();
    kit.bus.clear();
    const r = await kit.as("moderator").message.recall({ appId: "app1", conversationId: convId, messageId: ids[0]!, reason: "personal data" });
    expect(r.recalled).toBe(true);
    const row = await expectOneAudit(kit, n, "message.recall");
    expect(row.before).toMatchObject({ messageId: ids[0], content: { kind: "text", text: JSON.stringify({ _lctype: -1, _lctext: "hello" }) } });
    expect(kit.bus.events()).toMatchObject([{ type: "MessagePatched", recall: true }]);

    const revisions = await kit.as("admin").message.revisions({ appId: "app1", conversationId: convId, messageId: ids[0]! });
    expect(revisions).toMatchObject([{ kind: "recall", reason: "personal data", replacedBy: "system", text: JSON.stringify({ _lctype: -1, _lctext: "hello" }) }]);
    for (const role of ["viewer", "moderator"] as const) {
      expect((await errorOf(kit.as(role).message.revisions({ appId: "app1", conversationId: convId, messageId: ids[0]! }))).code).toBe("FORBIDDEN");
    }
  });

  it("edits with a reason", async () => {
    const n = await kit.auditCount();
    const text = JSON.stringify({ _lctype: -1, _lctext: "[removed]" });
    const r = await kit.as("moderator").message.edit({ appId: "app1", conversationId: convId, messageId: ids[2]!, text, reason: "insult" });
    expect(r.content).toEqual({ kind: "text", text });
    const row = await expectOneAudit(kit, n, "message.edit");
    expect(row.after).toMatchObject({ reason: "insult" });
  });

  it("reports an unknown message without an audit row", async () => {
    const n = await kit.auditCount();
    expect((await errorOf(kit.as("admin").message.recall({ appId: "app1", conversationId: convId, messageId: "nope", reason: "x" }))).code).toBe("NOT_FOUND");
    expect(await kit.auditCount()).toBe(n);
  });
});

describe("message.post (service broadcast)", () => {
  it("is refused below moderator", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.message.post({ appId: "app1", conversationId: serviceId, message: { text: "hi" } }), () =>
      kit.database.sql`select count(*) from messages`,
    );
  });

  it("broadcasts to every subscriber, reporting the recipient count", async () => {
    const count = await kit.as("viewer").conversation.member.count({ appId: "app1", conversationId: serviceId });
    expect(count).toEqual({ count: 3 });
    const n = await kit.auditCount();
    kit.bus.clear();
    const r = await kit.as("moderator").message.post({ appId: "app1", conversationId: serviceId, message: { format: "text", text: "Maintenance at 22:00" } });
    expect(r).toMatchObject({ from: "system", recipients: 3, content: { kind: "text", text: JSON.stringify({ _lctype: -1, _lctext: "Maintenance at 22:00" }) } });
    await expectOneAudit(kit, n, "message.post");
    expect(kit.bus.events()).toMatchObject([{ type: "MessagePosted", recipients: ["s1", "s2", "s3"] }]);
  });
});

describe("message.post to chosen subscribers", () => {
  const messageCount = () => kit.database.sql`select count(*) from messages`;

  it("is refused below moderator, with nothing sent", async () => {
    await expectRefusedForAll(
      kit,
      refusalsBelow(kit, "moderator"),
      (c) => c.message.post({ appId: "app1", conversationId: serviceId, message: { text: "hi" }, toClients: ["s1"] }),
      messageCount,
    );
  });

  it("reaches only the chosen subscribers, who alone see it; audited with them", async () => {
    const n = await kit.auditCount();
    kit.bus.clear();
    const r = await kit.as("moderator").message.post({ appId: "app1", conversationId: serviceId, message: { text: "Your order shipped" }, toClients: ["s3", "s1", "s1"] });
    expect(r).toMatchObject({ from: "system", recipients: 2, visibleTo: ["s3", "s1"] });
    const row = await expectOneAudit(kit, n, "message.post");
    expect(row.after).toMatchObject({ messageId: r.id, recipients: 2, toClients: ["s3", "s1"] });
    expect(kit.bus.events()).toMatchObject([{ type: "MessagePosted", recipients: ["s3", "s1"] }]);
    // s2 does not get it; the console's history shows who may see it.
    const history = await kit.as("viewer").message.history({ appId: "app1", conversationId: serviceId, limit: 1 });
    expect(history.items[0]).toMatchObject({ id: r.id, visibleTo: ["s3", "s1"] });
  });

  it("refuses clients that are not subscribed (NOT_SUBSCRIBED), sending nothing", async () => {
    const error = await errorOf(kit.as("moderator").message.post({ appId: "app1", conversationId: serviceId, message: { text: "x" }, toClients: ["s1", "stranger"] }));
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as { code?: string }).code).toBe("NOT_SUBSCRIBED");
    await expectRefusedForAll(
      kit,
      [{ caller: kit.as("admin"), code: "BAD_REQUEST", label: "stranger" }],
      (c) => c.message.post({ appId: "app1", conversationId: serviceId, message: { text: "x" }, toClients: ["stranger"] }),
      messageCount,
    );
  });

  it("refuses chosen recipients outside a service conversation and more than 500 of them", async () => {
    const notService = await errorOf(kit.as("moderator").message.post({ appId: "app1", conversationId: convId, message: { text: "x" }, toClients: ["alice"] }));
    expect(notService.code).toBe("PRECONDITION_FAILED");
    const tooMany = Array.from({ length: 501 }, (_, i) => `c${i}`);
    expect((await errorOf(kit.as("moderator").message.post({ appId: "app1", conversationId: serviceId, message: { text: "x" }, toClients: tooMany }))).code).toBe("BAD_REQUEST");
  });
});
