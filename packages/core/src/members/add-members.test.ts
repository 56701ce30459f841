import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, makeConversation, operatorActor, serverActor, sign } from "../testing/index.js";
import { addMembers } from "./add-members.js";

async function setup(settings: Record<string, unknown> = {}) {
  const ctx = createTestContext();
  const app = await makeApp(ctx, { settings });
  const c = await makeConversation(ctx, { appId: app.id, members: ["alice", "bob"] });
  return { ctx, app, c, alice: clientActor(app.id, "alice") };
}

describe("addMembers", () => {
  it("any member invites; new ones join and everyone (the added included) hears MembersJoined", async () => {
    const { ctx, app, c } = await setup();
    const r = await addMembers(ctx.deps, clientActor(app.id, "bob"), { conversationId: c.id, clientIds: ["carol", "dave", "carol"] });
    expect(r).toEqual({ conversationId: c.id, allowed: ["carol", "dave"], added: ["carol", "dave"], failures: [] });
    expect(ctx.events()).toEqual([
      {
        type: "MembersJoined",
        appId: app.id,
        conversationId: c.id,
        conversationKind: "normal",
        initBy: "bob",
        at: ctx.clock.now(),
        added: ["carol", "dave"],
        recipients: ["alice", "bob", "carol", "dave"],
      },
    ]);
    const members = await ctx.deps.uow.run((tx) => tx.members.getMany(c.id, ["carol"]));
    expect(members[0]).toMatchObject({ role: "Member", readAt: 0, pushMuted: false });
  });

  it("PartiallySuccess: existing members succeed silently, blocked → MEMBER_BLOCKED, overflow → CONVERSATION_FULL, bad ids → INVALID_CLIENT_ID", async () => {
    const { ctx, app, c, alice } = await setup({ limits: { membersPerConversation: 4, clientIdLength: 8 } });
    await ctx.deps.uow.run((tx) =>
      tx.moderation.upsertBlocks([{ conversationId: c.id, clientId: "eve", blockedBy: "alice", reason: null, createdAt: new Date(), expiresAt: null }]),
    );
    const r = await addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["bob", "eve", "carol", "toolongid", "dave", "frank"] });
    expect(r.allowed).toEqual(["bob", "carol", "dave"]);
    expect(r.added).toEqual(["carol", "dave"]);
    expect(r.failures).toEqual([
      { code: "INVALID_CLIENT_ID", message: "invalid client id", clientIds: ["toolongid"] },
      { code: "MEMBER_BLOCKED", message: "blocked in this conversation", clientIds: ["eve"] },
      { code: "CONVERSATION_FULL", message: "conversation is full", clientIds: ["frank"] },
    ]);
    expect(ctx.eventsOf("MembersJoined")[0]?.added).toEqual(["carol", "dave"]);
    void app;
  });

  it("re-adding only existing members emits nothing", async () => {
    const { ctx, c, alice } = await setup();
    expect(await addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["bob"] })).toMatchObject({ allowed: ["bob"], added: [], failures: [] });
    expect(ctx.events()).toEqual([]);
  });

  it("non-members may add only themselves", async () => {
    const { ctx, app, c } = await setup();
    const zed = clientActor(app.id, "zed");
    await expect(addMembers(ctx.deps, zed, { conversationId: c.id, clientIds: ["zed", "yan"] })).rejects.toMatchObject({ code: "MEMBERSHIP_REQUIRED" });
    await expect(addMembers(ctx.deps, zed, { conversationId: c.id, clientIds: ["zed"] })).resolves.toMatchObject({ added: ["zed"] });
  });

  it("servers and operators add anyone; operator viewers cannot", async () => {
    const { ctx, app, c } = await setup();
    await expect(addMembers(ctx.deps, serverActor(app.id), { conversationId: c.id, clientIds: ["s1"] })).resolves.toMatchObject({ added: ["s1"] });
    await expect(addMembers(ctx.deps, operatorActor(app.id, "moderator", "Mod"), { conversationId: c.id, clientIds: ["o1"] })).resolves.toMatchObject({
      added: ["o1"],
    });
    expect(ctx.eventsOf("MembersJoined").at(-1)?.initBy).toBe("Mod");
    await expect(addMembers(ctx.deps, operatorActor(app.id, "viewer"), { conversationId: c.id, clientIds: ["v1"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("service conversations: clients subscribe themselves only, and only they hear it", async () => {
    const { ctx, app } = await setup();
    const svc = await makeConversation(ctx, { appId: app.id, kind: "service", creator: "sys", members: ["u1"] });
    await expect(addMembers(ctx.deps, clientActor(app.id, "u1"), { conversationId: svc.id, clientIds: ["u2"] })).rejects.toMatchObject({
      code: "CONVERSATION_NOT_ALLOWED",
    });
    await addMembers(ctx.deps, clientActor(app.id, "u2"), { conversationId: svc.id, clientIds: ["u2"] });
    expect(ctx.eventsOf("MembersJoined")[0]?.recipients).toEqual(["u2"]);
  });

  it("chat rooms: no member pushes and no member limit", async () => {
    const { ctx, app } = await setup({ limits: { membersPerConversation: 2 } });
    const room = await makeConversation(ctx, { appId: app.id, kind: "chatroom", members: ["alice"] });
    const r = await addMembers(ctx.deps, clientActor(app.id, "alice"), { conversationId: room.id, clientIds: ["b", "c", "d"] });
    expect(r.added).toEqual(["b", "c", "d"]);
    expect(ctx.eventsOf("MembersJoined")[0]?.recipients).toEqual([]);
  });

  it("temporary conversations have fixed members; unknown → CONVERSATION_NOT_FOUND", async () => {
    const { ctx, app, alice } = await setup();
    const tmp = await makeConversation(ctx, { appId: app.id, kind: "temporary", members: ["alice"] });
    await expect(addMembers(ctx.deps, alice, { conversationId: tmp.id, clientIds: ["b"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_ALLOWED" });
    await expect(addMembers(ctx.deps, alice, { conversationId: "nope", clientIds: ["b"] })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
  });

  it("checks appId:clientId:cid:sorted:t:n:invite (or add) when signatures are on", async () => {
    const { ctx, app, c, alice } = await setup({ signatures: { conversation: true } });
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["zz", "carol"] })).rejects.toMatchObject({
      code: "CONVERSATION_SIGNATURE_FAILED",
    });
    const invite = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${c.id}:carol:zz:${t}:${n}:invite`, ctx.clock.now());
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["zz", "carol"], signature: invite })).resolves.toMatchObject({
      added: ["zz", "carol"],
    });
    const add = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${c.id}:dave:${t}:${n}:add`, ctx.clock.now());
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["dave"], signature: add })).resolves.toMatchObject({ added: ["dave"] });
    const kick = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${c.id}:erin:${t}:${n}:kick`, ctx.clock.now());
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["erin"], signature: kick })).rejects.toMatchObject({
      code: "CONVERSATION_SIGNATURE_FAILED",
    });
  });

  it("verifies the signature over `m` as sent, duplicates kept (what the SDK's factory signs), or de-duplicated", async () => {
    const { ctx, app, c, alice } = await setup({ signatures: { conversation: true } });
    const asSent = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${c.id}:carol:carol:dave:${t}:${n}:invite`, ctx.clock.now());
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["carol", "dave", "carol"], signature: asSent })).resolves.toMatchObject({
      added: ["carol", "dave"],
    });
    const unique = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${c.id}:erin:${t}:${n}:invite`, ctx.clock.now());
    await expect(addMembers(ctx.deps, alice, { conversationId: c.id, clientIds: ["erin", "erin"], signature: unique })).resolves.toMatchObject({ added: ["erin"] });
  });
});
