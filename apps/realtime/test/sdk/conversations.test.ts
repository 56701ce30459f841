// Conversations driven by both official SDKs against a real server and database: create, query,
// attributes, membership, mute, chat rooms and temporary conversations (protocol part 2).
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

describe.each(SDK_VERSIONS)("SDK %s", (version) => {
  const { Event } = sdk(version);
  /** A fresh client id per call, so tests never see each other's conversations. */
  const login = async (name: string): Promise<IMClient> => (await createClient(version, target, `${version}-${name}-${++seq}`)).client;

  it("creates a conversation with name and attributes; every member hears INVITED and MEMBERS_JOINED", async () => {
    const [alice, bob] = await Promise.all([login("alice"), login("bob")]);
    const invited = waitForEvent<[{ invitedBy: string }, { id: string }]>(bob, Event.INVITED);
    const joined = waitForEvent<[{ invitedBy: string; members: string[] }]>(bob, Event.MEMBERS_JOINED);
    const conversation = await alice.createConversation({ members: [bob.id], name: "hello", color: { text: "#000" }, level: 3 });
    expect(conversation.name).toBe("hello");
    expect(conversation.get("level")).toBe(3);
    expect([...conversation.members].sort()).toEqual([alice.id, bob.id].sort());
    const [invitation, invitedTo] = await invited;
    expect(invitation.invitedBy).toBe(alice.id);
    expect(invitedTo.id).toBe(conversation.id);
    expect((await joined)[0]).toMatchObject({ invitedBy: alice.id, members: [alice.id, bob.id].sort() });

    const fetched = await bob.getConversation(conversation.id);
    expect(fetched).toMatchObject({ id: conversation.id, name: "hello", creator: alice.id, transient: false, system: false, muted: false });
    expect(fetched.get("color")).toEqual({ text: "#000" });
    expect(fetched.createdAt).toBeInstanceOf(Date);
  });

  it("unique: creating again with the same members returns the same conversation", async () => {
    const [alice, bob] = await Promise.all([login("alice"), login("bob")]);
    const first = await alice.createConversation({ members: [bob.id], unique: true, name: "first" });
    const again = await bob.createConversation({ members: [alice.id], unique: true, name: "second" });
    expect(again.id).toBe(first.id);
    expect((await again.fetch()).name).toBe("first"); // the existing conversation is left alone
    const other = await alice.createConversation({ members: [bob.id], unique: false });
    expect(other.id).not.toBe(first.id);
  });

  it("queries with where operators, sort, limit, skip and compact", async () => {
    const [alice, bob, carol] = await Promise.all([login("alice"), login("bob"), login("carol")]);
    const ab = await alice.createConversation({ members: [bob.id], name: "a.b literal", rank: 2, tags: ["x", "y"] });
    const abc = await alice.createConversation({ members: [bob.id, carol.id], name: "axb", rank: 1 });
    const ac = await alice.createConversation({ members: [carol.id], name: "third", rank: 3 });
    const ids = async (query: { find(): Promise<Array<{ id: string }>> }) => (await query.find()).map((c) => c.id);
    const mine = () => alice.getQuery().containsMembers([alice.id]);

    expect(new Set(await ids(mine().containsMembers([bob.id])))).toEqual(new Set([ab.id, abc.id]));
    expect(await ids(alice.getQuery().withMembers([bob.id], true))).toEqual([ab.id]);
    expect(await ids(mine().equalTo("rank", 3))).toEqual([ac.id]);
    expect(await ids(mine().equalTo("tags", "y"))).toEqual([ab.id]);
    expect(await ids(mine().contains("name", "a.b"))).toEqual([ab.id]); // \Q…\E: the dot is literal
    expect(await ids(mine().ascending("rank"))).toEqual([abc.id, ab.id, ac.id]);
    expect(await ids(mine().descending("rank").limit(2))).toEqual([ac.id, ab.id]);
    expect(await ids(mine().ascending("rank").skip(1).limit(1))).toEqual([ab.id]);
    const [compact] = await mine().equalTo("rank", 1).compact(true).find();
    expect(compact.members).toEqual([]);
    const [full] = await mine().equalTo("rank", 1).find();
    expect([...full.members].sort()).toEqual([alice.id, bob.id, carol.id].sort());
    expect(await carol.getConversation(ab.id)).toMatchObject({ id: ab.id }); // readable by non-members
  });

  it("set('a.b.c') + save updates the attribute; the other member hears INFO_UPDATED with it", async () => {
    const [alice, bob] = await Promise.all([login("alice"), login("bob")]);
    const conversation = await alice.createConversation({ members: [bob.id], name: "before", a: { b: { c: 1, d: 2 } } });
    const bobs = await bob.getConversation(conversation.id);
    const updated = waitForEvent<[{ attributes: Record<string, unknown>; updatedBy: string }]>(bobs, Event.INFO_UPDATED);
    const before = conversation.updatedAt;
    conversation.set("a.b.c", 5);
    conversation.name = "after";
    await conversation.save();
    expect(conversation.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const [payload] = await updated;
    expect(payload).toEqual({ attributes: { "a.b.c": 5, name: "after" }, updatedBy: alice.id });
    expect(bobs.get("a")).toEqual({ b: { c: 5, d: 2 } });
    const fetched = await (await login("carol")).getConversation(conversation.id);
    expect(fetched.get("a")).toEqual({ b: { c: 5, d: 2 } });
    expect(fetched.name).toBe("after");
  });

  it("add, remove, join, quit and count, with INVITED / KICKED / MEMBERS_JOINED / MEMBERS_LEFT", async () => {
    const [alice, bob, carol] = await Promise.all([login("alice"), login("bob"), login("carol")]);
    const conversation = await alice.createConversation({ members: [bob.id] });

    const carolInvited = waitForEvent<[{ invitedBy: string }]>(carol, Event.INVITED);
    const bobSeesJoin = waitForMatching<[{ invitedBy: string; members: string[] }]>(bob, Event.MEMBERS_JOINED, (p) => p.members.includes(carol.id));
    const added = await conversation.add([carol.id]);
    expect(added.successfulClientIds).toEqual([carol.id]);
    expect((await carolInvited)[0].invitedBy).toBe(alice.id);
    expect((await bobSeesJoin)[0]).toEqual({ invitedBy: alice.id, members: [carol.id] });
    expect(await conversation.count()).toBe(3);

    const bobKicked = waitForEvent<[{ kickedBy: string }]>(bob, Event.KICKED);
    const carolSeesLeave = waitForEvent<[{ kickedBy: string; members: string[] }]>(carol, Event.MEMBERS_LEFT);
    const removed = await conversation.remove([bob.id]);
    expect(removed.successfulClientIds).toEqual([bob.id]);
    expect((await bobKicked)[0].kickedBy).toBe(alice.id);
    expect((await carolSeesLeave)[0]).toEqual({ kickedBy: alice.id, members: [bob.id] });
    expect(await conversation.count()).toBe(2);

    const bobs = await bob.getConversation(conversation.id);
    const aliceSeesJoin = waitForMatching<[{ invitedBy: string; members: string[] }]>(alice, Event.MEMBERS_JOINED, (p) => p.invitedBy === bob.id);
    await bobs.join();
    expect((await aliceSeesJoin)[0]).toEqual({ invitedBy: bob.id, members: [bob.id] });
    const aliceSeesQuit = waitForEvent<[{ kickedBy: string; members: string[] }]>(alice, Event.MEMBERS_LEFT);
    await bobs.quit();
    expect((await aliceSeesQuit)[0]).toEqual({ kickedBy: bob.id, members: [bob.id] });
    expect([...(await conversation.fetch()).members].sort()).toEqual([alice.id, carol.id].sort());
  });

  it("mute / unmute: muted for the requester, mutedMembers after fetch", async () => {
    const [alice, bob] = await Promise.all([login("alice"), login("bob")]);
    const conversation = await alice.createConversation({ members: [bob.id] });
    await conversation.mute();
    expect(conversation.muted).toBe(true);
    await conversation.fetch();
    expect(conversation.muted).toBe(true);
    expect(conversation.mutedMembers).toEqual([alice.id]);
    const bobs = await bob.getConversation(conversation.id, true);
    expect(bobs.muted).toBe(false);
    expect(bobs.mutedMembers).toEqual([alice.id]);
    await conversation.unmute();
    await conversation.fetch();
    expect(conversation.muted).toBe(false);
    expect(conversation.mutedMembers).toEqual([]);
  });

  it("chat room: createChatRoom, join, count = online members, no member events, messages reach joined clients", async () => {
    const [alice, bob, carol] = await Promise.all([login("alice"), login("bob"), login("carol")]);
    const room = await alice.createChatRoom({ name: "lobby" });
    expect(room.transient).toBe(true);
    let memberEvents = 0;
    for (const event of [Event.INVITED, Event.MEMBERS_JOINED, Event.MEMBERS_LEFT]) alice.on(event, () => memberEvents++);
    const bobsRoom = await bob.getConversation(room.id);
    expect(bobsRoom.transient).toBe(true);
    expect(bobsRoom.members).toEqual([]); // no `m` for chat rooms
    await bobsRoom.join();
    await (await carol.getConversation(room.id)).join();
    expect(await room.count()).toBe(3);
    await carol.close();
    expect(await room.count()).toBe(2);
    const received = waitForEvent<[{ text: string; from: string }]>(bob, Event.MESSAGE);
    const { TextMessage } = sdkFor(alice);
    await room.send(new TextMessage("hi room"));
    expect((await received)[0]).toMatchObject({ text: "hi room", from: alice.id });
    expect(memberEvents).toBe(0);
  });

  it("temporary conversation: created with a ttl, found by id, messages delivered", async () => {
    const [alice, bob] = await Promise.all([login("alice"), login("bob")]);
    const temp = await alice.createTemporaryConversation({ members: [bob.id], ttl: 3600 });
    expect(temp.id).toMatch(/^_tmp:/);
    expect(temp.expiredAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const received = waitForEvent<[{ text: string; cid: string }]>(bob, Event.MESSAGE);
    const { TextMessage } = sdkFor(alice);
    await temp.send(new TextMessage("psst"));
    expect((await received)[0]).toMatchObject({ text: "psst", cid: temp.id });
    const bobs = await bob.getConversation(temp.id);
    expect(bobs.id).toBe(temp.id);
    expect(bobs.expiredAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await temp.count()).toBe(2);
  });
});
