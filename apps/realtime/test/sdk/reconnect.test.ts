// Catch-up after being offline across a server restart, several clients on one socket, and
// per-client rate limits, driven by both official SDKs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../src/testing/index.js";
import {
  SDK_VERSIONS,
  cleanupSdk,
  closeClients,
  collectEvents,
  createClient,
  createRealtime,
  sdk,
  sdkFor,
  startTestServer,
  waitForEvent,
  waitForMatching,
  waitUntil,
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
type Message = any;

describe.each(SDK_VERSIONS)("SDK %s", (version) => {
  const { Event } = sdk(version);
  const id = (who: string) => `${version}-${who}-${++seq}`;

  it("after a server restart an offline member catches up: unread count, permanent notifications, history", async () => {
    const { client: alice } = await createClient(version, target, id("alice"));
    const { client: bob, realtime: bobRt } = await createClient(version, target, id("bob"));
    const carolId = id("carol");
    const invited = waitForEvent<[unknown, Conversation]>(bob, Event.INVITED);
    const conversation = await alice.createConversation({ members: [bob.id], name: "before" });
    const [, bobs] = await invited;
    const { TextMessage } = sdkFor(alice);
    const hello = await bobs.send(new (sdkFor(bob).TextMessage)("hello"));

    bobRt.pause(); // Bob goes offline…
    const aliceBack = waitForEvent(alice, Event.RECONNECT, 20_000);
    await target.restart(); // …the server restarts mid-conversation…
    await aliceBack;
    await conversation.send(new TextMessage("you there?")); // …and Alice goes on without him.
    const last = await conversation.send(new TextMessage("call me"));
    await conversation.add([carolId]);
    conversation.name = "after";
    await conversation.save();

    const unread = waitForMatching<[Conversation[]]>(bob, Event.UNREAD_MESSAGES_COUNT_UPDATE, (list) => list.some((c) => c.id === conversation.id));
    const joined = waitForMatching<[{ members: string[] }]>(bobs, Event.MEMBERS_JOINED, (p) => p.members.includes(carolId), 20_000);
    const renamed = waitForEvent<[{ attributes: Record<string, unknown> }]>(bobs, Event.INFO_UPDATED, 20_000);
    const bobBack = waitForEvent(bob, Event.RECONNECT, 20_000);
    bobRt.resume();
    await bobBack;
    await unread;
    expect(bobs.unreadMessagesCount).toBe(2);
    expect(bobs.lastMessage).toMatchObject({ id: last.id, text: "call me", from: alice.id });
    expect((await joined)[0].members).toEqual([carolId]); // from GET /1.1/rtm/notifications
    expect((await renamed)[0].attributes).toEqual({ name: "after" });
    expect(bobs.name).toBe("after");

    const history: Message[] = await bobs.queryMessages();
    expect(history.map((m) => m.text)).toEqual(["hello", "you there?", "call me"]);
    expect(history[0].id).toBe(hello.id);
  });

  it("two clients on one socket each send and receive as themselves", async () => {
    const realtime = await createRealtime(version, target);
    const { client: alice } = await createClient(version, target, id("alice"), { realtime });
    const { client: bob } = await createClient(version, target, id("bob"), { realtime });
    expect(target.server.connectionCount).toBeGreaterThanOrEqual(1);
    const bobInvited = waitForEvent<[unknown, Conversation]>(bob, Event.INVITED);
    const conversation = await alice.createConversation({ members: [bob.id] });
    const [, bobs] = await bobInvited;
    const aliceGot = collectEvents<Message>(alice, Event.MESSAGE);
    const bobGot = collectEvents<Message>(bob, Event.MESSAGE);
    const { TextMessage } = sdkFor(realtime);
    await conversation.send(new TextMessage("from alice"));
    await bobs.send(new TextMessage("from bob"));
    await waitUntil(() => aliceGot.length === 1 && bobGot.length === 1, 10_000, "one message each");
    expect(bobGot[0]).toMatchObject({ text: "from alice", from: alice.id });
    expect(aliceGot[0]).toMatchObject({ text: "from bob", from: bob.id });
    expect((await bobs.queryMessages()).map((m: Message) => m.from)).toEqual([alice.id, bob.id]);
  });

  it("rate limits per client from the app's settings: the send over the limit fails with 4116", async () => {
    const app = await createTestApp(target.backend, { id: "limited", settings: { limits: { sendsPerMinute: 3, otherOpsPerMinute: 4 } } });
    const options = { appId: app.id, appKey: app.key };
    const { client: alice } = await createClient(version, target, id("alice"), options);
    const conversation = await alice.createConversation({ members: [id("bob")] }); // other op 1
    const { TextMessage } = sdkFor(alice);
    for (let n = 0; n < 3; n++) await conversation.send(new TextMessage(`m${n}`));
    await expect(conversation.send(new TextMessage("one too many"))).rejects.toMatchObject({ code: 4116 });
    // Each client has its own budget.
    const { client: other } = await createClient(version, target, id("carol"), options);
    const others = await other.createConversation({ members: [id("dave")] });
    await others.send(new (sdkFor(other).TextMessage)("fine"));
    // Conversation operations have their own budget.
    await conversation.count();
    await conversation.count();
    await conversation.count();
    await expect(conversation.count()).rejects.toMatchObject({ code: 4116 });
    expect(await conversation.queryMessages()).toHaveLength(3);
  });
});
