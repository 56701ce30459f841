import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, operatorActor, serverActor, sign } from "../testing/index.js";
import { createConversation } from "./create-conversation.js";

async function setup(settings: Parameters<typeof makeApp>[1] extends infer O ? (O extends { settings?: infer S } ? S : never) : never = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  return { ctx, app, alice: clientActor(app.id, "alice") };
}

describe("createConversation", () => {
  it("creates a normal conversation with the creator as Owner and pushes to every initial member", async () => {
    const { ctx, app, alice } = await setup();
    const r = await createConversation(ctx.deps, alice, { members: ["carol", "bob", "bob"], attributes: { name: "hello", foo: 1, "a.b": true } });
    expect(r.created).toBe(true);
    expect(r.ttlSeconds).toBeNull();
    expect(r.conversation).toMatchObject({
      appId: app.id,
      kind: "normal",
      name: "hello",
      creator: "alice",
      attributes: { foo: 1, a: { b: true } },
      unique: false,
      uniqueId: null,
      memberCount: 3,
      expiresAt: null,
    });
    expect(r.conversation.id).toMatch(/^[0-9a-f]{24}$/);
    const members = await ctx.deps.uow.run((tx) => tx.members.listForConversations([r.conversation.id]));
    expect(members.map((m) => [m.clientId, m.role])).toEqual([
      ["alice", "Owner"],
      ["bob", "Member"],
      ["carol", "Member"],
    ]);
    expect(ctx.events()).toEqual([
      {
        type: "ConversationCreated",
        appId: app.id,
        conversationId: r.conversation.id,
        conversationKind: "normal",
        initBy: "alice",
        at: ctx.clock.now(),
        members: ["alice", "bob", "carol"],
        recipients: ["alice", "bob", "carol"],
      },
    ]);
    // kept for GET /1.1/rtm/notifications
    const kept = await ctx.deps.uow.run((tx) => tx.notifications.listSince(app.id, "bob", 0, 10));
    expect(kept.items.map((n) => n.event.type)).toEqual(["ConversationCreated"]);
  });

  it("unique returns the existing unique conversation with the same member set, without events or changes", async () => {
    const { ctx, app, alice } = await setup();
    const first = await createConversation(ctx.deps, alice, { members: ["bob"], unique: true, attributes: { name: "first" } });
    expect(first.conversation.unique).toBe(true);
    expect(first.conversation.uniqueId).toMatch(/^[0-9a-f]{40}$/);
    ctx.clearEvents();
    ctx.clock.advance(1000);
    const bob = clientActor(app.id, "bob");
    const again = await createConversation(ctx.deps, bob, { members: ["alice", "bob"], unique: true, attributes: { name: "second" } });
    expect(again.created).toBe(false);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.name).toBe("first");
    expect(again.conversation.createdAt).toEqual(first.conversation.createdAt);
    expect(ctx.events()).toEqual([]);
    // different set, or not unique → new conversations
    const other = await createConversation(ctx.deps, alice, { members: ["bob", "carol"], unique: true });
    expect(other.conversation.id).not.toBe(first.conversation.id);
    const notUnique = await createConversation(ctx.deps, alice, { members: ["bob"] });
    expect(notUnique.conversation.id).not.toBe(first.conversation.id);
  });

  it("concurrent unique creations end with one conversation", async () => {
    const { ctx, app, alice } = await setup();
    const bob = clientActor(app.id, "bob");
    const [a, b] = await Promise.all([
      createConversation(ctx.deps, alice, { members: ["bob"], unique: true }),
      createConversation(ctx.deps, bob, { members: ["alice"], unique: true }),
    ]);
    expect(a.conversation.id).toBe(b.conversation.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(ctx.eventsOf("ConversationCreated")).toHaveLength(1);
  });

  it("unique never matches conversations created without unique", async () => {
    const { ctx, alice } = await setup();
    const plain = await createConversation(ctx.deps, alice, { members: ["bob"] });
    const unique = await createConversation(ctx.deps, alice, { members: ["bob"], unique: true });
    expect(unique.created).toBe(true);
    expect(unique.conversation.id).not.toBe(plain.conversation.id);
  });

  it("temporary: _tmp: id, TTL default and cap, member limit, unique only while alive", async () => {
    const { ctx, alice } = await setup({ limits: { temporaryMaxMembers: 3, temporaryDefaultTtlSeconds: 3600, temporaryMaxTtlSeconds: 7200 } });
    const a = await createConversation(ctx.deps, alice, { kind: "temporary", members: ["bob"], unique: true });
    expect(a.conversation.id).toMatch(/^_tmp:/);
    expect(a.ttlSeconds).toBe(3600);
    expect(a.conversation.expiresAt?.getTime()).toBe(ctx.clock.now() + 3600_000);
    const capped = await createConversation(ctx.deps, alice, { kind: "temporary", members: ["carol"], ttlSeconds: 99_999 });
    expect(capped.ttlSeconds).toBe(7200);
    await expect(createConversation(ctx.deps, alice, { kind: "temporary", members: ["b", "c", "d"] })).rejects.toMatchObject({ code: "CONVERSATION_FULL" });
    ctx.clock.advance(1000_000);
    const same = await createConversation(ctx.deps, alice, { kind: "temporary", members: ["bob"], unique: true });
    expect(same).toMatchObject({ created: false, ttlSeconds: 2600 });
    expect(same.conversation.id).toBe(a.conversation.id);
    ctx.clock.advance(3600_000);
    const fresh = await createConversation(ctx.deps, alice, { kind: "temporary", members: ["bob"], unique: true });
    expect(fresh.created).toBe(true);
    expect(fresh.conversation.id).not.toBe(a.conversation.id);
  });

  it("chat room: only the creator joins, no member list semantics, no pushes", async () => {
    const { ctx, alice } = await setup();
    const r = await createConversation(ctx.deps, alice, { kind: "chatroom", members: ["bob"], unique: true, attributes: { name: "Room" } });
    expect(r.conversation).toMatchObject({ kind: "chatroom", unique: false, uniqueId: null, memberCount: 1, creator: "alice" });
    expect(ctx.eventsOf("ConversationCreated")[0]?.recipients).toEqual([]);
    expect(await ctx.deps.uow.run((tx) => tx.notifications.listSince(r.conversation.appId, "alice", 0, 10))).toEqual({ items: [], hasMore: false });
  });

  it("service conversations only by server or operator actors", async () => {
    const { ctx, app, alice } = await setup();
    await expect(createConversation(ctx.deps, alice, { kind: "service" })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    const r = await createConversation(ctx.deps, operatorActor(app.id, "admin", "Support"), { kind: "service", attributes: { name: "News" } });
    expect(r.conversation).toMatchObject({ kind: "service", creator: "Support", memberCount: 0 });
    const s = await createConversation(ctx.deps, serverActor(app.id, "sys"), { kind: "service", members: ["u1"] });
    expect(s.conversation).toMatchObject({ creator: "sys", memberCount: 1 });
    await expect(createConversation(ctx.deps, operatorActor(app.id, "viewer"), { kind: "service" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("enforces the member limit and client id validity", async () => {
    const { ctx, alice } = await setup({ limits: { membersPerConversation: 3, clientIdLength: 5 } });
    await expect(createConversation(ctx.deps, alice, { members: ["b", "c", "d"] })).rejects.toMatchObject({ code: "CONVERSATION_FULL" });
    await expect(createConversation(ctx.deps, alice, { members: ["b", "c"] })).resolves.toMatchObject({ created: true });
    await expect(createConversation(ctx.deps, alice, { members: ["toolong"] })).rejects.toMatchObject({ code: "INVALID_CLIENT_ID" });
  });

  it("rejects reserved attribute keys", async () => {
    const { ctx, alice } = await setup();
    await expect(createConversation(ctx.deps, alice, { members: ["b"], attributes: { m: ["x"] } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("checks appId:clientId:sorted_members:t:n when conversation signatures are on", async () => {
    const { ctx, app, alice } = await setup({ signatures: { conversation: true } });
    await expect(createConversation(ctx.deps, alice, { members: ["bob"] })).rejects.toMatchObject({ code: "CONVERSATION_SIGNATURE_FAILED" });
    const text = (t: string, n: string) => `${app.id}:alice:alice:bob:${t}:${n}`;
    const good = sign(ctx, app.masterKey, text, Math.floor(ctx.clock.now() / 1000));
    await expect(createConversation(ctx.deps, alice, { members: ["bob"], signature: good })).resolves.toMatchObject({ created: true });
    const unsorted = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:bob:alice:${t}:${n}`, ctx.clock.now());
    await expect(createConversation(ctx.deps, alice, { members: ["bob"], signature: unsorted })).rejects.toMatchObject({
      code: "CONVERSATION_SIGNATURE_FAILED",
    });
    // temporary: not required, but checked when sent
    await expect(createConversation(ctx.deps, alice, { kind: "temporary", members: ["bob"] })).resolves.toMatchObject({ created: true });
    await expect(createConversation(ctx.deps, alice, { kind: "temporary", members: ["bob"], signature: unsorted })).rejects.toMatchObject({
      code: "CONVERSATION_SIGNATURE_FAILED",
    });
    // chat room: signed over [self]
    const room = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:alice:${t}:${n}`, ctx.clock.now());
    await expect(createConversation(ctx.deps, alice, { kind: "chatroom", signature: room })).resolves.toMatchObject({ created: true });
    // createConversation({transient: true, members}) signs over members ∪ self although only the creator joins
    const transient = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:alice:bob:${t}:${n}`, ctx.clock.now());
    await expect(createConversation(ctx.deps, alice, { kind: "chatroom", members: ["bob"], signature: transient })).resolves.toMatchObject({
      conversation: { memberCount: 1 },
    });
    // servers never sign
    await expect(createConversation(ctx.deps, serverActor(app.id), { members: ["a", "b"] })).resolves.toMatchObject({ created: true });
  });

  it("unknown app → APP_NOT_FOUND", async () => {
    const ctx = createTestContext();
    await expect(createConversation(ctx.deps, clientActor("nope", "a"), { members: ["b"] })).rejects.toMatchObject({ code: "APP_NOT_FOUND" });
  });
});
