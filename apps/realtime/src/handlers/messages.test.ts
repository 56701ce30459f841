// direct, ack, read, logs, patch and the catch-up pushes on the wire (protocol part 1 §5–§8).
import { describe, expect, it } from "vitest";
import { CommandType, OpType } from "../protocol/constants.js";
import type { GenericCommand } from "../protocol/types.js";
import { createHandlerTestKit, type HandlerTestKit, type TestConnection } from "../testing/index.js";

let serial = 100;

async function open(kit: HandlerTestKit, clientId: string, sessionMessage: GenericCommand["sessionMessage"] = {}): Promise<{ conn: TestConnection; frames: GenericCommand[] }> {
  const conn = kit.connect();
  await conn.send({ cmd: CommandType.session, op: OpType.open, appId: kit.appId, peerId: clientId, i: 1, sessionMessage });
  return { conn, frames: conn.take() };
}
const login = async (kit: HandlerTestKit, clientId: string) => (await open(kit, clientId)).conn;

async function request(conn: TestConnection, command: Omit<GenericCommand, "i">): Promise<{ reply: GenericCommand; pushes: GenericCommand[] }> {
  const i = ++serial;
  await conn.send({ ...command, i });
  const frames = conn.take();
  const reply = frames.find((f) => f.i === i);
  if (!reply) throw new Error("no reply");
  return { reply, pushes: frames.filter((f) => f !== reply) };
}

async function conversation(conn: TestConnection, members: string[]): Promise<string> {
  const { reply } = await request(conn, { cmd: CommandType.conv, op: OpType.start, convMessage: { m: members, attr: { data: "{}" } } });
  return reply.convMessage!.cid!;
}

const send = (conn: TestConnection, cid: string, msg: string, extra: Record<string, unknown> = {}) =>
  request(conn, { cmd: CommandType.direct, directMessage: { cid, msg, ...extra } });

describe("direct", () => {
  it("acks with uid and t and no code; pushes to the other members and the sender's other sessions, not back", async () => {
    const kit = await createHandlerTestKit();
    const alice1 = await login(kit, "alice");
    const alice2 = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice1, ["alice", "bob"]);
    [alice2, bob].forEach((c) => c.take());
    const { reply, pushes } = await send(alice1, cid, "hello", { mentionPids: ["bob"], dt: "local-1" });
    expect(reply).toEqual({ cmd: CommandType.ack, i: reply.i, ackMessage: { uid: expect.any(String), t: expect.any(Number) } });
    expect(pushes).toEqual([]);
    const push = {
      cmd: CommandType.direct,
      directMessage: { id: reply.ackMessage!.uid, cid, fromPeerId: "alice", timestamp: reply.ackMessage!.t, msg: "hello", mentionPids: ["bob"] },
    };
    expect(bob.take()).toEqual([{ ...push, peerId: "bob" }]);
    expect(alice2.take()).toEqual([{ ...push, peerId: "alice" }]);
  });

  it("binary and transient messages keep their shape; failures are ack replies with code and reason", async () => {
    const kit = await createHandlerTestKit({ app: { settings: { limits: { messageBytes: 100 } } } });
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob"]);
    bob.take();
    await request(alice, { cmd: CommandType.direct, directMessage: { cid, binaryMsg: new Uint8Array([0, 255]), transient: true } });
    const [push] = bob.take();
    expect(push?.directMessage).toMatchObject({ transient: true });
    expect([...push!.directMessage!.binaryMsg!]).toEqual([0, 255]);
    expect(push?.directMessage).not.toHaveProperty("msg");

    const tooLarge = await send(alice, cid, "x".repeat(101));
    expect(tooLarge.reply).toMatchObject({ cmd: CommandType.ack, ackMessage: { code: 4109, reason: "FRAME_TOO_LONG" } });
    const outsider = await login(kit, "eve");
    expect((await send(outsider, cid, "let me in")).reply.ackMessage).toMatchObject({ code: 4401, reason: "INVALID_MESSAGING_TARGET" });
    const { reply } = await request(alice, { cmd: CommandType.logs, logsMessage: { cid } });
    expect(reply.logsMessage?.logs).toBeUndefined(); // nothing stored: transient and refused messages
  });
});

describe("re-sends (same dt)", () => {
  it("a re-send of a stored message gets the original ack and is not stored or delivered twice", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob"]);
    bob.take();
    const dt = "6f1c1a52-0b8e-4e3e-9a57-3b7e1d1f0a01";
    const first = await send(alice, cid, "once", { dt });
    const again = await send(alice, cid, "once", { dt });
    expect(again.reply.ackMessage).toEqual(first.reply.ackMessage);
    // Concurrent duplicates share the first attempt's result.
    const direct = (i: number) => ({ cmd: CommandType.direct, i, directMessage: { cid, msg: "twice?", dt: "dt-2" } });
    await Promise.all([alice.send(direct(9001)), alice.send(direct(9002))]);
    const acks = alice.take().filter((f) => f.i === 9001 || f.i === 9002);
    expect(acks).toHaveLength(2);
    expect(acks[1]!.ackMessage).toEqual(acks[0]!.ackMessage);
    // Another dt, or the same dt from another sender or conversation, is a new message.
    const other = await send(alice, cid, "once", { dt: "dt-3" });
    expect(other.reply.ackMessage?.uid).not.toBe(first.reply.ackMessage?.uid);
    const seenByBob: (string | undefined)[] = [];
    await expect
      .poll(() => {
        seenByBob.push(...bob.take().filter((f) => f.cmd === CommandType.direct).map((f) => f.directMessage?.msg));
        return seenByBob;
      })
      .toEqual(["once", "twice?", "once"]);
    const bobs = await send(bob, cid, "once", { dt });
    expect(bobs.reply.ackMessage?.uid).not.toBe(first.reply.ackMessage?.uid);
    const { reply } = await request(alice, { cmd: CommandType.logs, logsMessage: { cid } });
    expect(reply.logsMessage?.logs?.map((l) => l.data)).toEqual(["once", "twice?", "once", "once"]);
  });

  it("a failed send is not remembered: its re-send is stored", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const cid = await conversation(alice, ["alice", "bob"]);
    const big = "x".repeat(6000);
    const refused = await send(alice, cid, big, { dt: "dt-big" });
    expect(refused.reply.ackMessage?.code).toBeDefined();
    const ok = await send(alice, cid, "smaller now", { dt: "dt-big" });
    expect(ok.reply.ackMessage?.code).toBeUndefined();
    expect(ok.reply.ackMessage?.uid).toBeTruthy();
  });
});

describe("peerId on fan-out pushes", () => {
  it("is dropped only for a connection whose only-ever session omits it on its commands (the SDK's first client)", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob", "carol"]);
    // Carol's connection carries two clients, as when an app creates two IMClients on one Realtime.
    const carol = await login(kit, "carol");
    await carol.send({ cmd: CommandType.session, op: OpType.open, appId: kit.appId, peerId: "dave", i: 2, sessionMessage: {} });
    await request(carol, { cmd: CommandType.conv, op: OpType.query, peerId: "carol", convMessage: { where: { data: "{}" } } });
    [bob, carol].forEach((c) => c.take());
    // Bob has sent nothing without peerId yet: his pushes keep it.
    await send(alice, cid, "one");
    expect(bob.take().find((f) => f.cmd === CommandType.direct)?.peerId).toBe("bob");
    await request(bob, { cmd: CommandType.conv, op: OpType.query, convMessage: { where: { data: "{}" } } });
    await send(alice, cid, "two");
    const toBob = bob.take().find((f) => f.cmd === CommandType.direct);
    expect(toBob?.directMessage?.msg).toBe("two");
    expect(toBob?.peerId).toBeUndefined();
    expect(carol.take().find((f) => f.cmd === CommandType.direct)?.peerId).toBe("carol");
  });
});

describe("receipts", () => {
  it("a delivery ack and a read send rcp to the sender of a receipt-requesting message", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob"]);
    const { reply } = await send(alice, cid, "ping", { r: true });
    const { uid, t } = reply.ackMessage!;
    bob.take();
    await bob.send({ cmd: CommandType.ack, ackMessage: { cid, fromts: t, tots: t } });
    // Delivery acks are coalesced and applied within ~250 ms.
    const got: GenericCommand[] = [];
    await expect.poll(() => (got.push(...alice.take()), got.length)).toBe(1);
    // Alice's connection has only ever had her session and she omits peerId: pushes to her drop it too.
    expect(got).toEqual([{ cmd: CommandType.rcp, rcpMessage: { id: uid, cid, t, read: false, from: "bob" } }]);
    await bob.send({ cmd: CommandType.read, readMessage: { convs: [{ cid, timestamp: t!, mid: uid }] } });
    expect(alice.take()).toEqual([{ cmd: CommandType.rcp, rcpMessage: { id: uid, cid, t, read: true, from: "bob" } }]);
    const maxRead = await request(alice, { cmd: CommandType.conv, op: OpType.max_read, convMessage: { cid } });
    expect(maxRead.reply.convMessage).toEqual({ cid, maxAckTimestamp: t, maxReadTimestamp: t });
  });
});

describe("delivery ack coalescing", () => {
  it("applies many acks of one client and conversation as one watermark, still sending every rcp", async () => {
    const kit = await createHandlerTestKit({ ackFlushMs: 60_000 });
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob"]);
    const first = (await send(alice, cid, "one", { r: true })).reply.ackMessage!;
    const second = (await send(alice, cid, "two", { r: true })).reply.ackMessage!;
    bob.take();
    await bob.send({ cmd: CommandType.ack, ackMessage: { cid, fromts: first.t, tots: first.t } });
    await bob.send({ cmd: CommandType.ack, ackMessage: { cid, fromts: second.t, tots: second.t } });
    expect(alice.take()).toEqual([]); // nothing applied yet
    expect(kit.core.services.acks.pendingCount).toBe(1);
    await kit.core.services.acks.flush();
    expect(kit.core.services.acks.pendingCount).toBe(0);
    const rcps = alice.take().filter((c) => c.cmd === CommandType.rcp).map((c) => c.rcpMessage?.id);
    expect(rcps.sort()).toEqual([first.uid, second.uid].sort());
    const maxRead = await request(alice, { cmd: CommandType.conv, op: OpType.max_read, convMessage: { cid } });
    expect(maxRead.reply.convMessage).toMatchObject({ cid, maxAckTimestamp: second.t });
    await kit.close();
  });
});

describe("catch-up on session open", () => {
  it("pushes unread tuples (count, last message, mentioned, notifTime); with lastUnreadNotifTime only changes, zero counts included", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const cid = await conversation(alice, ["alice", "bob"]);
    await send(alice, cid, "one");
    const { reply } = await send(alice, cid, "two", { mentionPids: ["bob"] });
    const first = await open(kit, "bob");
    const unread = first.frames.find((f) => f.cmd === CommandType.unread);
    expect(unread).toEqual({
      cmd: CommandType.unread,
      peerId: "bob",
      unreadMessage: {
        notifTime: expect.any(Number),
        convs: [{ cid, unread: 2, mentioned: true, mid: reply.ackMessage!.uid, timestamp: reply.ackMessage!.t, from: "alice", data: "two" }],
      },
    });
    await first.conn.send({ cmd: CommandType.read, readMessage: { convs: [{ cid, timestamp: reply.ackMessage!.t! }] } });
    const again = await open(kit, "bob", { lastUnreadNotifTime: unread!.unreadMessage!.notifTime });
    const tuples = again.frames.find((f) => f.cmd === CommandType.unread)!.unreadMessage!.convs;
    expect(tuples).toEqual([expect.objectContaining({ cid, unread: 0, mentioned: false })]);
  });

  it("pushes patches made since lastPatchTime; the live patch push carries the recalled content", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = await conversation(alice, ["alice", "bob"]);
    const { reply } = await send(alice, cid, "oops");
    const sentAt = reply.ackMessage!.t!;
    bob.take();
    const patched = await request(alice, {
      cmd: CommandType.patch,
      op: OpType.modify,
      patchMessage: { patches: [{ cid, mid: reply.ackMessage!.uid, timestamp: sentAt, recall: true }] },
    });
    expect(patched.reply).toMatchObject({ cmd: CommandType.patch, op: OpType.modified, patchMessage: { lastPatchTime: expect.any(Number) } });
    const item = { cid, mid: reply.ackMessage!.uid, timestamp: sentAt, recall: true, data: '{"_lctype":-127}', from: "alice", mentionAll: false };
    expect(bob.take()).toEqual([
      { cmd: CommandType.patch, op: OpType.modify, peerId: "bob", patchMessage: { patches: [{ ...item, patchTimestamp: expect.any(Number) }] } },
    ]);
    const later = await open(kit, "bob", { lastPatchTime: sentAt - 1 });
    expect(later.frames.find((f) => f.cmd === CommandType.patch)?.patchMessage?.patches).toEqual([expect.objectContaining(item)]);
    const none = await open(kit, "bob", { lastPatchTime: patched.reply.patchMessage!.lastPatchTime });
    expect(none.frames.some((f) => f.cmd === CommandType.patch)).toBe(false);
  });
});
