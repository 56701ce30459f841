import { createConversation, postMessage } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, expectOneAudit, expectRefusedForAll, refusalsBelow, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;
let convId: string;

const state = async () => ({
  conversation: await kit.database.sql`select name, attributes, member_count from conversations where id = ${convId}`,
  members: await kit.database.sql`select client_id, role from conversation_members where conversation_id = ${convId} order by client_id`,
  silences: await kit.database.sql`select client_id, reason from conversation_silences where conversation_id = ${convId} order by client_id`,
  blocks: await kit.database.sql`select client_id from conversation_blocks where conversation_id = ${convId} order by client_id`,
});

const seedConversation = async (o: { name?: string; members?: string[]; kind?: "normal" | "chatroom" | "service" | "temporary"; attributes?: Record<string, unknown>; by?: string }) => {
  const r = await createConversation(kit.services.core.deps, o.by ? { kind: "client", appId: "app1", clientId: o.by } : kit.serverActor("app1"), {
    kind: o.kind ?? "normal",
    members: o.members ?? [],
    attributes: { ...(o.name ? { name: o.name } : {}), ...(o.attributes as object) },
  });
  return r.conversation.id;
};

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  await seedApp(kit, "other");
  convId = await seedConversation({ name: "Team", members: ["alice", "bob", "carol"], attributes: { topic: { lang: "zh" } } });
});
afterAll(() => kit?.dispose());

describe("conversation.list (keyset)", () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [];
    for (let i = 0; i < 7; i++) {
      const id = await seedConversation({ name: `Room ${i}`, members: ["zed", `m${i}`], kind: i % 2 ? "normal" : "chatroom", by: i === 3 ? "zed" : undefined, attributes: { level: i } });
      ids.push(id);
      if (i < 5) await postMessage(kit.services.core.deps, kit.serverActor("app1"), { conversationId: id, content: { kind: "text", text: `hello ${i}` } });
    }
  });

  it("pages by last message time without gaps or repeats", async () => {
    const all = await kit.as("viewer").conversation.list({ appId: "app1", limit: 100 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ReturnType<RouterTestKit["as"]>["conversation"]["list"]>> = await kit.as("viewer").conversation.list({ appId: "app1", limit: 3, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(8);
    // Newest activity first, conversations without messages last.
    expect(all.items.slice(0, 5).map((c) => c.id)).toEqual(ids.slice(0, 5).reverse());
    expect(all.items[0]!.lastMessagePreview).toContain("hello 4");
  });

  it("filters by kind, member, creator, name, attribute and time", async () => {
    const list = (filter: object) => kit.as("viewer").conversation.list({ appId: "app1", filter, limit: 100 }).then((r) => r.items.map((c) => c.name).sort());
    expect(await list({ kind: "chatroom" })).toEqual(["Room 0", "Room 2", "Room 4", "Room 6"]);
    expect(await list({ member: "m5" })).toEqual(["Room 5"]);
    expect(await list({ creator: "zed" })).toEqual(["Room 3"]);
    expect(await list({ name: "TEA" })).toEqual(["Team"]);
    expect(await list({ attribute: "level=2" })).toEqual(["Room 2"]);
    expect(await list({ attribute: "topic.lang=zh" })).toEqual(["Team"]);
    expect(await list({ lastMessageFrom: new Date(Date.now() - 60_000) })).toHaveLength(5);
    expect(await list({ createdTo: new Date(0) })).toEqual([]);
  });

  it("never shows another app's conversations and ignores a forged cursor", async () => {
    expect((await kit.as("viewer").conversation.list({ appId: "other" })).items).toEqual([]);
    expect((await kit.as("viewer").conversation.list({ appId: "app1", cursor: "garbage" })).items).toEqual([]);
  });

  it("refuses anonymous callers", async () => {
    expect((await errorOf(kit.anonymous().conversation.list({ appId: "app1" }))).code).toBe("UNAUTHORIZED");
  });
});

describe("conversation.get and members", () => {
  it.each(ROLES)("shows a conversation, members with watermarks and unread to a %s", async (role) => {
    const c = await kit.as(role).conversation.get({ appId: "app1", conversationId: convId });
    expect(c).toMatchObject({ id: convId, name: "Team", kind: "normal", attributes: { topic: { lang: "zh" } } });
    const members = await kit.as(role).conversation.member.list({ appId: "app1", conversationId: convId });
    expect(members.items.map((m) => m.clientId)).toEqual(["alice", "bob", "carol"]);
    expect(members.items[0]).toMatchObject({ role: "Member", deliveredAt: 0, readAt: 0, unread: 0 });
  });

  it("counts unread per member and searches by prefix", async () => {
    await postMessage(kit.services.core.deps, { kind: "client", appId: "app1", clientId: "alice" }, { conversationId: convId, content: { kind: "text", text: "hi" } });
    const members = await kit.as("viewer").conversation.member.list({ appId: "app1", conversationId: convId });
    expect(Object.fromEntries(members.items.map((m) => [m.clientId, m.unread]))).toEqual({ alice: 0, bob: 1, carol: 1 });
    const found = await kit.as("viewer").conversation.member.list({ appId: "app1", conversationId: convId, prefix: "ca" });
    expect(found.items.map((m) => m.clientId)).toEqual(["carol"]);
  });

  it("does not read a conversation through another app", async () => {
    expect((await errorOf(kit.as("admin").conversation.get({ appId: "other", conversationId: convId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(kit.as("admin").conversation.member.list({ appId: "other", conversationId: convId }))).code).toBe("NOT_FOUND");
  });
});

describe("conversation.update (attributes)", () => {
  it("is refused for viewers, cross-site and anonymous callers", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.conversation.update({ appId: "app1", conversationId: convId, attributes: { "topic.lang": "en" } }), state);
  });

  it("applies dot-path edits through core: one audit row, and the members hear it", async () => {
    const n = await kit.auditCount();
    kit.bus.clear();
    const r = await kit.as("moderator").conversation.update({ appId: "app1", conversationId: convId, attributes: { "topic.lang": "en", pinned: true, name: "Team A" } });
    expect(r.attributes).toEqual({ topic: { lang: "en" }, pinned: true });
    expect(r.name).toBe("Team A");
    const row = await expectOneAudit(kit, n, "conversation.update");
    expect(row).toMatchObject({ app_id: "app1", conversation_id: convId, operator_role: "moderator", target: `conversation:${convId}` });
    expect(row.before).toMatchObject({ name: "Team", attributes: { topic: { lang: "zh" } } });
    expect(row.after).toMatchObject({ name: "Team A", attributes: { topic: { lang: "en" }, pinned: true } });
    const [event] = kit.bus.events();
    expect(event).toMatchObject({ type: "ConversationUpdated", conversationId: convId, initBy: "system", recipients: ["alice", "bob", "carol"] });
  });

  it("writes neither change nor audit row when core refuses", async () => {
    const before = await state();
    const n = await kit.auditCount();
    const error = await errorOf(kit.as("admin").conversation.update({ appId: "app1", conversationId: convId, attributes: { "m.x": 1 } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await state()).toEqual(before);
    expect(await kit.auditCount()).toBe(n);
  });
});

describe("members, roles, silences and blocks", () => {
  it("refuses every change below moderator", async () => {
    const refusals = refusalsBelow(kit, "moderator");
    await expectRefusedForAll(kit, refusals, (c) => c.conversation.member.add({ appId: "app1", conversationId: convId, clientIds: ["dave"] }), state);
    await expectRefusedForAll(kit, refusals, (c) => c.conversation.member.remove({ appId: "app1", conversationId: convId, clientIds: ["bob"] }), state);
    await expectRefusedForAll(kit, refusals, (c) => c.conversation.member.updateRole({ appId: "app1", conversationId: convId, clientId: "bob", role: "Manager" }), state);
    await expectRefusedForAll(kit, refusals, (c) => c.conversation.silence.add({ appId: "app1", conversationId: convId, clientIds: ["bob"] }), state);
    await expectRefusedForAll(kit, refusals, (c) => c.conversation.block.add({ appId: "app1", conversationId: convId, clientIds: ["bob"] }), state);
  });

  it("adds and removes members", async () => {
    let n = await kit.auditCount();
    kit.bus.clear();
    expect(await kit.as("moderator").conversation.member.add({ appId: "app1", conversationId: convId, clientIds: ["dave"] })).toMatchObject({ allowed: ["dave"], failures: [] });
    await expectOneAudit(kit, n, "member.add");
    expect(kit.bus.events().map((e) => e.type)).toEqual(["MembersJoined"]);
    n = await kit.auditCount();
    await kit.as("moderator").conversation.member.remove({ appId: "app1", conversationId: convId, clientIds: ["dave"] });
    await expectOneAudit(kit, n, "member.remove");
    expect((await state()).members.map((m) => m.client_id)).toEqual(["alice", "bob", "carol"]);
  });

  it("changes a member's role", async () => {
    const n = await kit.auditCount();
    await kit.as("moderator").conversation.member.updateRole({ appId: "app1", conversationId: convId, clientId: "bob", role: "Manager" });
    const row = await expectOneAudit(kit, n, "member.role");
    expect(row.before).toEqual({ clientId: "bob", role: "Member" });
    expect(row.after).toEqual({ clientId: "bob", role: "Manager" });
  });

  it("silences with expiry and reason, lists it, and lifts it", async () => {
    let n = await kit.auditCount();
    await kit.as("moderator").conversation.silence.add({ appId: "app1", conversationId: convId, clientIds: ["carol"], durationSeconds: 3600, reason: "spam" });
    await expectOneAudit(kit, n, "member.silence");
    const listed = await kit.as("viewer").conversation.moderation({ appId: "app1", conversationId: convId });
    expect(listed.silences).toMatchObject([{ clientId: "carol", reason: "spam", by: "system" }]);
    expect(listed.silences[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    n = await kit.auditCount();
    await kit.as("moderator").conversation.silence.remove({ appId: "app1", conversationId: convId, clientIds: ["carol"] });
    await expectOneAudit(kit, n, "member.unsilence");
    expect((await kit.as("viewer").conversation.moderation({ appId: "app1", conversationId: convId })).silences).toEqual([]);
  });

  it("blocks (removing the member) and unblocks", async () => {
    let n = await kit.auditCount();
    kit.bus.clear();
    await kit.as("moderator").conversation.block.add({ appId: "app1", conversationId: convId, clientIds: ["bob"], reason: "abuse" });
    await expectOneAudit(kit, n, "member.block");
    expect(kit.bus.events().map((e) => e.type)).toContain("MembersBlocked");
    expect((await state()).members.map((m) => m.client_id)).toEqual(["alice", "carol"]);
    n = await kit.auditCount();
    await kit.as("moderator").conversation.block.remove({ appId: "app1", conversationId: convId, clientIds: ["bob"] });
    await expectOneAudit(kit, n, "member.unblock");
    expect((await state()).blocks).toEqual([]);
  });
});

describe("timed blocks", () => {
  it("blocks for a while: the expiry is listed and audited; an expired block is no longer listed", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.conversation.block.add({ appId: "app1", conversationId: convId, clientIds: ["carol"], durationSeconds: 3600 }), state);
    const n = await kit.auditCount();
    await kit.as("moderator").conversation.block.add({ appId: "app1", conversationId: convId, clientIds: ["carol"], durationSeconds: 3600, reason: "cool down" });
    const row = await expectOneAudit(kit, n, "member.block");
    expect(row.after).toMatchObject({ durationSeconds: 3600, reason: "cool down", allowed: ["carol"] });
    const listed = await kit.as("viewer").conversation.moderation({ appId: "app1", conversationId: convId });
    expect(listed.blocks).toMatchObject([{ clientId: "carol", reason: "cool down", by: "system" }]);
    const expiresAt = listed.blocks[0]!.expiresAt!.getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect((await kit.as("viewer").client.lookup({ appId: "app1", clientId: "carol" })).blocked).toMatchObject([{ conversationId: convId, reason: "cool down" }]);

    // Once it has expired it is not shown any more (and core treats it as absent).
    await kit.database.sql`update conversation_blocks set expires_at = now() - interval '1 second' where conversation_id = ${convId} and client_id = 'carol'`;
    expect((await kit.as("viewer").conversation.moderation({ appId: "app1", conversationId: convId })).blocks).toEqual([]);
    expect((await kit.as("viewer").client.lookup({ appId: "app1", clientId: "carol" })).blocked).toEqual([]);
    await kit.as("moderator").conversation.member.add({ appId: "app1", conversationId: convId, clientIds: ["carol"] });
  });

  it("refuses a duration that is not a positive whole number of seconds", async () => {
    for (const durationSeconds of [0, -5, 1.5]) {
      expect((await errorOf(kit.as("moderator").conversation.block.add({ appId: "app1", conversationId: convId, clientIds: ["alice"], durationSeconds }))).code).toBe("BAD_REQUEST");
    }
  });
});

describe("conversation.create and conversation.delete", () => {
  it("creates a service conversation as a moderator", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "moderator"), (c) => c.conversation.create({ appId: "app1", kind: "service", name: "News" }), () =>
      kit.database.sql`select count(*) from conversations`,
    );
    const n = await kit.auditCount();
    const r = await kit.as("moderator").conversation.create({ appId: "app1", kind: "service", name: "News", attributes: { tag: "x" } });
    expect(r.created).toBe(true);
    await expectOneAudit(kit, n, "conversation.create");
    expect(await kit.as("viewer").conversation.get({ appId: "app1", conversationId: r.id })).toMatchObject({ kind: "service", name: "News", attributes: { tag: "x" } });
  });

  it("deletes as an admin only", async () => {
    const id = await seedConversation({ name: "Doomed", members: ["x1", "x2"] });
    const exists = () => kit.database.sql`select id from conversations where id = ${id}`;
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.conversation.delete({ appId: "app1", conversationId: id }), exists);
    const n = await kit.auditCount();
    kit.bus.clear();
    await kit.as("admin").conversation.delete({ appId: "app1", conversationId: id });
    await expectOneAudit(kit, n, "conversation.delete");
    expect(await exists()).toHaveLength(0);
    expect(kit.bus.events()).toMatchObject([{ type: "ConversationDeleted", recipients: ["x1", "x2"] }]);
  });
});
