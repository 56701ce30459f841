// Messages driven by both official SDKs against a real server and database: send and receive,
// receipts, transient, will, mentions, unread, history, recall/edit and the size limit (protocol part 1).
import { listUnread } from "@parley/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
  waitUntil,
  type IMClient,
  type Realtime,
  type Sdk,
  type TestServer,
} from "./harness.js";

/** Server time the tests can pin (equal or spaced message timestamps); the system clock otherwise. */
const clock = {
  pinned: null as number | null,
  now(): number {
    return this.pinned ?? Date.now();
  },
};

let target: TestServer;
beforeAll(async () => {
  target = await startTestServer({ clock });
});
afterEach(() => {
  clock.pinned = null;
  closeClients();
});
afterAll(cleanupSdk);

let seq = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK objects are untyped */
type Message = any;
type Conversation = any;

/** A custom typed message class (`_lctype` 1) registered on a Realtime. */
function registerCustom(realtime: Realtime): new (title: string) => Message {
  const { TypedMessage, messageType, messageField } = sdkFor(realtime);
  class CardMessage extends TypedMessage {
    title: string;
    constructor(title: string) {
      super();
      this.title = title;
    }
  }
  messageType(1)(CardMessage);
  messageField(["title"])(CardMessage);
  realtime.register(CardMessage);
  return CardMessage;
}

describe.each(SDK_VERSIONS)("SDK %s", (version) => {
  const { Event, ErrorCode } = sdk(version);
  const name = (who: string) => `${version}-${who}-${++seq}`;
  const login = async (id: string): Promise<{ client: IMClient; realtime: Realtime; lib: Sdk }> => {
    const { client, realtime } = await createClient(version, target, id);
    return { client, realtime, lib: sdkFor(realtime) };
  };
  /** Alice and Bob, online, in a fresh two-member conversation (Bob has it cached). */
  async function pair(): Promise<{ alice: IMClient; bob: IMClient; lib: Sdk; bobLib: Sdk; conversation: Conversation; bobs: Conversation; aliceRt: Realtime; bobRt: Realtime }> {
    const [a, b] = await Promise.all([login(name("alice")), login(name("bob"))]);
    const invited = waitForEvent<[unknown, Conversation]>(b.client, Event.INVITED);
    const conversation = await a.client.createConversation({ members: [b.client.id] });
    const [, bobs] = await invited;
    return { alice: a.client, bob: b.client, lib: a.lib, bobLib: b.lib, conversation, bobs, aliceRt: a.realtime, bobRt: b.realtime };
  }
  const text = (m: Message) => m.text ?? m.content;

  it("sends text, binary and custom typed messages; the receiver gets MESSAGE with the same id, timestamp and content", async () => {
    const [a, b] = await Promise.all([login(name("alice")), login(name("bob"))]);
    const AliceCard = registerCustom(a.realtime);
    const BobCard = registerCustom(b.realtime);
    const conversation = await a.client.createConversation({ members: [b.client.id] });
    const received = collectEvents<Message>(b.client, Event.MESSAGE);

    const sentText = await conversation.send(new a.lib.TextMessage("hello"));
    const sentBinary = await conversation.send(new a.lib.BinaryMessage(new Uint8Array([1, 2, 250]).buffer));
    const sentCard = await conversation.send(new AliceCard("a card"));
    await waitUntil(() => received.length === 3, 10_000, "three messages");

    const [gotText, gotBinary, gotCard] = received;
    expect(gotText).toBeInstanceOf(b.lib.TextMessage);
    expect(gotText).toMatchObject({ text: "hello", from: a.client.id, id: sentText.id, cid: conversation.id });
    expect(gotText.timestamp.getTime()).toBe(sentText.timestamp.getTime());
    expect(gotBinary).toBeInstanceOf(b.lib.BinaryMessage);
    expect([...new Uint8Array(gotBinary.buffer)]).toEqual([1, 2, 250]);
    expect(gotBinary.id).toBe(sentBinary.id);
    expect(gotCard).toBeInstanceOf(BobCard);
    expect(gotCard).toMatchObject({ title: "a card", id: sentCard.id });

    // History returns the same three, ascending, binary decoded.
    const history = await conversation.queryMessages();
    expect(history.map((m: Message) => m.id)).toEqual([sentText.id, sentBinary.id, sentCard.id]);
    expect([...new Uint8Array(history[1].buffer)]).toEqual([1, 2, 250]);
    expect(history[2]).toBeInstanceOf(AliceCard);
    expect(conversation.lastMessage.id).toBe(sentCard.id);
  });

  it("receipts: DELIVERED after the receiver acks, read receipt after read(); fetchReceiptTimestamps agrees", async () => {
    const { conversation, bobs, lib, bob } = await pair();
    const delivered = waitForEvent(conversation, Event.LAST_DELIVERED_AT_UPDATE);
    const message = await conversation.send(new lib.TextMessage("did you get it?"), { receipt: true });
    await delivered;
    expect(conversation.lastDeliveredAt.getTime()).toBeGreaterThanOrEqual(message.timestamp.getTime());
    await waitUntil(() => message.status === lib.MessageStatus.DELIVERED, 5_000, "DELIVERED status");
    expect(message.deliveredAt).toBeInstanceOf(Date);

    const read = waitForEvent(conversation, Event.LAST_READ_AT_UPDATE);
    await waitUntil(() => bobs.lastMessage?.id === message.id, 5_000, "bob has the message");
    await bobs.read();
    await read;
    expect(conversation.lastReadAt.getTime()).toBeGreaterThanOrEqual(message.timestamp.getTime());
    expect(bob.id).toBeTruthy();

    const fresh = await (await login(conversation.creator)).client.getConversation(conversation.id);
    await fresh.fetchReceiptTimestamps();
    expect(fresh.lastDeliveredAt.getTime()).toBeGreaterThanOrEqual(message.timestamp.getTime());
    expect(fresh.lastReadAt.getTime()).toBeGreaterThanOrEqual(message.timestamp.getTime());
  });

  it("transient messages reach online members, flagged, and are not kept in history", async () => {
    const { conversation, bob, lib } = await pair();
    const received = waitForEvent<[Message]>(bob, Event.MESSAGE);
    const sent = await conversation.send(new lib.TextMessage("typing…"), { transient: true });
    const [got] = await received;
    expect(got).toMatchObject({ text: "typing…", id: sent.id }); // the SDK keeps the flag internal (no ack)
    expect(await conversation.queryMessages()).toEqual([]);
  });

  it("will messages are held until the sender's socket dies, then delivered", async () => {
    const { conversation, bob, lib, aliceRt, alice } = await pair();
    const received = collectEvents<Message>(bob, Event.MESSAGE);
    const will = await conversation.send(new lib.TextMessage(`${alice.id} went offline`), { will: true });
    expect(will.id).toBeTruthy();
    await sleep(300);
    expect(received).toEqual([]);
    aliceRt._close(); // socket gone without session/close
    await waitUntil(() => received.length === 1, 10_000, "the will message");
    expect(received[0]).toMatchObject({ text: `${alice.id} went offline`, from: alice.id, id: will.id });
  });

  it("a will message is dropped on a clean close()", async () => {
    const { conversation, bob, lib, alice } = await pair();
    const received = collectEvents<Message>(bob, Event.MESSAGE);
    await conversation.send(new lib.TextMessage("never"), { will: true });
    await alice.close();
    await sleep(500);
    expect(received).toEqual([]);
  });

  it("mentions: the mentioned member's message is `mentioned`, mention-all too", async () => {
    const { conversation, bob, lib } = await pair();
    const received = collectEvents<Message>(bob, Event.MESSAGE);
    await conversation.send(new lib.TextMessage("hey you").setMentionList([bob.id]));
    await conversation.send(new lib.TextMessage("hey all").mentionAll());
    await conversation.send(new lib.TextMessage("nobody"));
    await waitUntil(() => received.length === 3, 10_000, "three messages");
    expect(received.map((m) => [text(m), m.mentioned])).toEqual([
      ["hey you", true],
      ["hey all", true],
      ["nobody", false],
    ]);
    expect(received[0].mentionList).toEqual([bob.id]);
    expect(received[1].mentionedAll).toBe(true);
  });

  it("an offline member gets UNREAD_MESSAGES_COUNT_UPDATE on login with the count, last message and mention; read() resets it", async () => {
    const { client: alice, lib } = await login(name("alice"));
    const bobId = name("bob");
    const conversation = await alice.createConversation({ members: [bobId] });
    await conversation.send(new lib.TextMessage("one"));
    await conversation.send(new lib.TextMessage("two").setMentionList([bobId]));
    const last = await conversation.send(new lib.TextMessage("three"));

    const realtime = await createRealtime(version, target);
    const bob = await realtime.createIMClient(bobId);
    // The unread push makes the SDK look the conversation up first, so the event comes after login resolves.
    const [updated] = await waitForEvent<[Conversation[]]>(bob, Event.UNREAD_MESSAGES_COUNT_UPDATE);
    const bobs = updated.find((c: Conversation) => c.id === conversation.id);
    expect(bobs.unreadMessagesCount).toBe(3);
    expect(bobs.unreadMessagesMentioned).toBe(true);
    expect(bobs.lastMessage).toMatchObject({ id: last.id, text: "three", from: alice.id });
    expect(bobs.lastMessageAt.getTime()).toBe(last.timestamp.getTime());

    await bobs.read();
    expect(bobs.unreadMessagesCount).toBe(0);
    const actor = { kind: "client" as const, appId: target.app.id, clientId: bobId };
    const stillUnread = async () => (await listUnread(target.backend.core, actor, {})).conversations.length;
    for (let n = 0; n < 50 && (await stillUnread()) > 0; n++) await sleep(100); // read is fire-and-forget
    expect(await stillUnread()).toBe(0);
  });

  it("reading on one device clears the unread count on the client's other devices (UNREAD_MESSAGES_COUNT_UPDATE)", async () => {
    const { client: alice, lib } = await login(name("alice"));
    const bobId = name("bob");
    const phone = await (await createRealtime(version, target)).createIMClient(bobId);
    const laptop = await (await createRealtime(version, target)).createIMClient(bobId);
    const invited = waitForEvent<[unknown, Conversation]>(laptop, Event.INVITED);
    const conversation = await alice.createConversation({ members: [bobId] });
    const [, onLaptop] = await invited;
    const arrived = waitForEvent(laptop, Event.MESSAGE);
    await conversation.send(new lib.TextMessage("one"));
    await arrived;
    expect(onLaptop.unreadMessagesCount).toBe(1);

    const onPhone = await phone.getConversation(conversation.id);
    const synced = waitForEvent<[Conversation[]]>(laptop, Event.UNREAD_MESSAGES_COUNT_UPDATE);
    await onPhone.read();
    const [updated] = await synced;
    expect(updated.map((c: Conversation) => [c.id, c.unreadMessagesCount])).toEqual([[conversation.id, 0]]);
    expect(onLaptop.unreadMessagesCount).toBe(0);
  });

  it("queryMessages honours limit, start/end bounds (open and closed), direction and type", async () => {
    const { client: alice, realtime, lib } = await login(name("alice"));
    const Card = registerCustom(realtime);
    const conversation = await alice.createConversation({ members: [name("bob")] });
    const base = Date.now() - 60_000;
    const sent: Message[] = [];
    for (let n = 1; n <= 6; n++) {
      clock.pinned = base + n * 1000;
      sent.push(await conversation.send(n % 2 === 0 ? new Card(`card ${n}`) : new lib.TextMessage(`text ${n}`)));
    }
    clock.pinned = null;
    const t = (n: number) => new Date(base + n * 1000);
    const ids = (list: Message[]) => list.map((m) => sent.indexOf(sent.find((s) => s.id === m.id)) + 1);
    const { MessageQueryDirection } = lib;

    expect(ids(await conversation.queryMessages())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ids(await conversation.queryMessages({ limit: 2 }))).toEqual([5, 6]);
    expect(ids(await conversation.queryMessages({ startTime: t(4) }))).toEqual([1, 2, 3]);
    expect(ids(await conversation.queryMessages({ startTime: t(4), startClosed: true }))).toEqual([1, 2, 3, 4]);
    expect(ids(await conversation.queryMessages({ startTime: t(5), endTime: t(2) }))).toEqual([3, 4]);
    expect(ids(await conversation.queryMessages({ startTime: t(5), endTime: t(2), startClosed: true, endClosed: true }))).toEqual([2, 3, 4, 5]);
    expect(ids(await conversation.queryMessages({ startTime: t(2), direction: MessageQueryDirection.OLD_TO_NEW, limit: 2 }))).toEqual([3, 4]);
    expect(ids(await conversation.queryMessages({ startTime: t(2), endTime: t(5) }))).toEqual([3, 4]); // endTime > startTime → new
    expect(ids(await conversation.queryMessages({ type: 1 }))).toEqual([2, 4, 6]);
    expect(ids(await conversation.queryMessages({ type: -1, limit: 2 }))).toEqual([3, 5]);
    expect(ids(await conversation.queryMessages({ startTime: t(4), startMessageId: sent[3].id, startClosed: false }))).toEqual([1, 2, 3]);
  });

  it("createMessagesIterator pages to the end over 45 messages, many with equal timestamps", async () => {
    const { client: alice, lib } = await login(name("alice"));
    const conversation = await alice.createConversation({ members: [name("bob")] });
    const base = Date.now() - 60_000;
    const sent: string[] = [];
    for (let n = 0; n < 45; n++) {
      clock.pinned = base + Math.floor(n / 10) * 1000; // runs of 10 messages share a timestamp
      sent.push((await conversation.send(new lib.TextMessage(`m${n}`))).id);
    }
    clock.pinned = null;
    const iterator = conversation.createMessagesIterator({ limit: 10 });
    const pages: Message[][] = [];
    for (;;) {
      const { value, done } = await iterator.next();
      if (value.length > 0) pages.push(value);
      if (done) break;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 5]);
    const all = pages.reverse().flat();
    expect(new Set(all.map((m) => m.id)).size).toBe(45);
    expect(new Set(all.map((m) => m.id))).toEqual(new Set(sent));
    const stamps = all.map((m) => m.timestamp.getTime());
    expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
  });

  it("recall and edit: the other member hears MESSAGE_RECALL / MESSAGE_UPDATE; history shows the result", async () => {
    const { conversation, bob, lib, bobLib } = await pair();
    const received = collectEvents<Message>(bob, Event.MESSAGE);
    const first = await conversation.send(new lib.TextMessage("oops"));
    const second = await conversation.send(new lib.TextMessage("tpyo"));
    await waitUntil(() => received.length === 2, 10_000, "two messages");

    const recalled = waitForEvent<[Message]>(bob, Event.MESSAGE_RECALL);
    await conversation.recall(first);
    const [gotRecall] = await recalled;
    expect(gotRecall).toBeInstanceOf(bobLib.RecalledMessage);
    expect(gotRecall.id).toBe(first.id);

    const updated = waitForEvent<[Message]>(bob, Event.MESSAGE_UPDATE);
    await conversation.update(second, new lib.TextMessage("typo"));
    const [gotUpdate] = await updated;
    expect(gotUpdate).toMatchObject({ id: second.id, text: "typo" });
    expect(gotUpdate.updatedAt).toBeInstanceOf(Date);

    const history = await conversation.queryMessages();
    expect(history[0]).toBeInstanceOf(lib.RecalledMessage);
    expect(history[1]).toMatchObject({ id: second.id, text: "typo" });
    expect(history[1].updatedAt).toBeInstanceOf(Date);
  });

  it("refuses a message over 5 KB with an ack code; nothing is stored", async () => {
    const { conversation, lib } = await pair();
    await expect(conversation.send(new lib.TextMessage("x".repeat(6 * 1024)))).rejects.toMatchObject({
      code: ErrorCode.FRAME_TOO_LONG ?? 4109,
    });
    expect(await conversation.queryMessages()).toEqual([]);
    await conversation.send(new lib.TextMessage("small is fine"));
    expect(await conversation.queryMessages()).toHaveLength(1);
  });
});

describe("SDK v4 with pushOfflineMessages (protocol version 1)", () => {
  it("gets the messages sent while it was offline pushed after login, acks them, and is not sent them again", async () => {
    const { Event, TextMessage } = sdk("v4");
    const bobId = `v1-bob-${++seq}`;
    const { client: alice } = await createClient("v4", target, `v1-alice-${seq}`);
    const conversation = await alice.createConversation({ members: [bobId] });
    const sent: Message[] = [];
    for (const text of ["one", "two", "three"]) sent.push(await conversation.send(new TextMessage(text)));

    const login = async () => {
      const realtime = await createRealtime("v4", target, { extra: { pushOfflineMessages: true } });
      const bob = await realtime.createIMClient(bobId);
      return { realtime, bob, messages: collectEvents<Message>(bob, Event.MESSAGE) };
    };
    const first = await login();
    await waitUntil(() => first.messages.length === 3);
    expect(first.messages.map((m) => [m.id, m.text, m.from])).toEqual(sent.map((m) => [m.id, m.text, alice.id]));
    // The SDK acks offline pushes like live ones; the watermark lands after the ack coalescer's flush.
    const delivered = async () => (await target.backend.core.uow.run((tx) => tx.members.getMany(conversation.id, [bobId])))[0]?.deliveredAt;
    for (let n = 0; n < 50 && (await delivered()) !== sent[2]!.timestamp.getTime(); n++) await sleep(100);
    expect(await delivered()).toBe(sent[2]!.timestamp.getTime());
    await first.bob.close();

    const later = await conversation.send(new TextMessage("four"));
    const second = await login();
    await waitUntil(() => second.messages.length >= 1);
    await sleep(300);
    expect(second.messages.map((m) => m.id)).toEqual([later.id]);
  });
});
