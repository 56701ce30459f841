// Silencing, block lists and member roles driven by both official SDKs (protocol part 2 §7–§9).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  SDK_VERSIONS,
  cleanupSdk,
  closeClients,
  createClient,
  sdk,
  sdkFor,
  startTestServer,
  waitForEvent,
  waitForMatching,
  type IMClient,
  type TestServer,
} from "./harness.js";

let target: TestServer;
beforeAll(async () => {
  target = await startTestServer();
});
afterEach(closeClients);
afterAll(cleanupSdk);

let seq = 0;

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK objects are untyped */
type Conversation = any;

describe.each(SDK_VERSIONS)("SDK %s", (version) => {
  const { Event } = sdk(version);
  const login = async (who: string): Promise<IMClient> => (await createClient(version, target, `${version}-${who}-${++seq}`)).client;

  /** Owner Alice with Bob and Carol; each has the conversation cached. */
  async function group(): Promise<{ alice: IMClient; bob: IMClient; carol: IMClient; conversation: Conversation; bobs: Conversation; carols: Conversation }> {
    const [alice, bob, carol] = await Promise.all([login("alice"), login("bob"), login("carol")]);
    const invited = (c: IMClient) => waitForEvent<[unknown, Conversation]>(c, Event.INVITED).then(([, conversation]) => conversation);
    const [bobInvited, carolInvited] = [invited(bob), invited(carol)];
    const conversation = await alice.createConversation({ members: [bob.id, carol.id] });
    const [bobs, carols] = await Promise.all([bobInvited, carolInvited]);
    return { alice, bob, carol, conversation, bobs, carols };
  }

  it("muteMembers: MUTED on the target, MEMBERS_MUTED on the others; the target's sends are refused; unmute restores", async () => {
    const { alice, bob, carol, conversation, bobs } = await group();
    const muted = waitForEvent<[{ mutedBy: string }]>(bob, Event.MUTED);
    const carolSees = waitForEvent<[{ mutedBy: string; members: string[] }]>(carol, Event.MEMBERS_MUTED);
    const result = await conversation.muteMembers([bob.id]);
    expect(result.successfulClientIds).toEqual([bob.id]);
    expect((await muted)[0]).toEqual({ mutedBy: alice.id });
    expect((await carolSees)[0]).toEqual({ mutedBy: alice.id, members: [bob.id] });
    expect((await conversation.queryMutedMembers()).results).toEqual([bob.id]);

    const { TextMessage } = sdkFor(bob);
    await expect(bobs.send(new TextMessage("let me speak"))).rejects.toMatchObject({ code: 4308 });
    expect(await conversation.queryMessages()).toEqual([]);

    const unmuted = waitForEvent<[{ unmutedBy: string }]>(bob, Event.UNMUTED);
    await conversation.unmuteMembers([bob.id]);
    expect((await unmuted)[0]).toEqual({ unmutedBy: alice.id });
    await bobs.send(new TextMessage("thanks"));
    expect((await conversation.queryMutedMembers()).results).toEqual([]);
  });

  it("PartiallySuccess: a Manager may silence Members but not the Owner; each failure has code and reason", async () => {
    const { alice, bob, carol, conversation, bobs } = await group();
    await conversation.updateMemberRole(bob.id, "Manager");
    const result = await bobs.muteMembers([carol.id, alice.id]);
    expect(result.successfulClientIds).toEqual([carol.id]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ code: 4308, name: "CONVERSATION_NOT_ALLOWED", clientIds: [alice.id] });
    // A plain Member may not silence anyone: the whole request fails.
    const carols = await carol.getConversation(conversation.id);
    await expect(carols.muteMembers([bob.id])).rejects.toMatchObject({ code: 4308 });
  });

  it("blockMembers: BLOCKED + KICKED on the target, MEMBERS_BLOCKED + MEMBERS_LEFT on the others; join refused with 4315", async () => {
    const { alice, bob, carol, conversation, bobs } = await group();
    const blocked = waitForEvent<[{ blockedBy: string }]>(bob, Event.BLOCKED);
    const kicked = waitForEvent<[{ kickedBy: string }]>(bob, Event.KICKED);
    const carolBlocked = waitForEvent<[{ blockedBy: string; members: string[] }]>(carol, Event.MEMBERS_BLOCKED);
    const carolLeft = waitForMatching<[{ kickedBy: string; members: string[] }]>(carol, Event.MEMBERS_LEFT, (p) => p.members.includes(bob.id));
    const result = await conversation.blockMembers([bob.id]);
    expect(result.successfulClientIds).toEqual([bob.id]);
    expect((await blocked)[0]).toEqual({ blockedBy: alice.id });
    expect((await kicked)[0]).toEqual({ kickedBy: alice.id });
    expect((await carolBlocked)[0]).toEqual({ blockedBy: alice.id, members: [bob.id] });
    expect((await carolLeft)[0]).toEqual({ kickedBy: alice.id, members: [bob.id] });
    expect((await conversation.queryBlockedMembers()).results).toEqual([bob.id]);

    await expect(bobs.join()).rejects.toMatchObject({ code: 4315 });
    const added = await conversation.add([bob.id]);
    expect(added.successfulClientIds).toEqual([]);
    expect(added.failures[0]).toMatchObject({ code: 4315, name: "CONVERSATION_BLACKLISTED", clientIds: [bob.id] });

    const unblocked = waitForEvent<[{ unblockedBy: string }]>(bob, Event.UNBLOCKED);
    await conversation.unblockMembers([bob.id]);
    expect((await unblocked)[0]).toEqual({ unblockedBy: alice.id });
    await bobs.join();
    expect([...(await conversation.fetch()).members].sort()).toEqual([alice.id, bob.id, carol.id].sort());
  });

  it("updateMemberRole: MEMBER_INFO_UPDATED on the members; getAllMemberInfo lists the roles", async () => {
    const { alice, bob, carol, conversation, bobs } = await group();
    const bobSees = waitForEvent<[{ member: string; memberInfo: { role: string }; updatedBy: string }]>(bobs, Event.MEMBER_INFO_UPDATED);
    await conversation.updateMemberRole(bob.id, "Manager");
    const [payload] = await bobSees;
    expect(payload).toMatchObject({ member: bob.id, updatedBy: alice.id });
    expect(payload.memberInfo.role).toBe("Manager");

    const carols = await carol.getConversation(conversation.id);
    const infos = await carols.getAllMemberInfo({ noCache: true });
    const roles = Object.fromEntries(infos.map((i: { memberId: string; role: string }) => [i.memberId, i.role]));
    expect(roles).toEqual({ [alice.id]: "Owner", [bob.id]: "Manager", [carol.id]: "Member" });
    expect((await carols.getMemberInfo(alice.id)).isOwner).toBe(true);

    await expect(carols.updateMemberRole(bob.id, "Member")).rejects.toMatchObject({ code: 4308 });
    await expect(conversation.updateMemberRole(bob.id, "Owner")).rejects.toMatchObject({ code: 5130 });
  });
});
