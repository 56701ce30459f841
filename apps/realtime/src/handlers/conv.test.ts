// conv and blacklist replies on the wire: exactly the fields the SDK reads (protocol part 2).
import { createConversation, type Actor } from "@parley/core";
import { describe, expect, it } from "vitest";
import { CommandType, OpType } from "../protocol/constants.js";
import type { ConvCommand, GenericCommand } from "../protocol/types.js";
import { createHandlerTestKit, type HandlerTestKit, type TestConnection } from "../testing/index.js";

async function login(kit: HandlerTestKit, clientId: string): Promise<TestConnection> {
  const conn = kit.connect();
  await conn.send({ cmd: CommandType.session, op: OpType.open, appId: kit.appId, peerId: clientId, i: 1, sessionMessage: {} });
  conn.take();
  return conn;
}

let serial = 10;
async function request(conn: TestConnection, command: Omit<GenericCommand, "i">): Promise<GenericCommand> {
  const i = ++serial;
  await conn.send({ ...command, i });
  const reply = conn.take().find((f) => f.i === i);
  if (!reply) throw new Error("no reply");
  return reply;
}

const conv = (conn: TestConnection, op: number, convMessage: ConvCommand) => request(conn, { cmd: CommandType.conv, op, convMessage });
const attr = (value: object) => ({ data: JSON.stringify(value) });
const records = (reply: GenericCommand) => JSON.parse(reply.convMessage!.results!.data) as Array<Record<string, unknown>>;

describe("conv start", () => {
  it("replies started with cid and an ISO cdate; tempConvTTL only for temporary, uniqueId only for unique", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const normal = await conv(alice, OpType.start, { m: ["alice", "bob"], attr: attr({ name: "n" }) });
    expect(normal).toMatchObject({ cmd: CommandType.conv, op: OpType.started });
    expect(Object.keys(normal.convMessage!).sort()).toEqual(["cdate", "cid"]);
    expect(new Date(normal.convMessage!.cdate!).toISOString()).toBe(normal.convMessage!.cdate);
    const unique = await conv(alice, OpType.start, { m: ["alice", "bob"], unique: true, attr: attr({}) });
    expect(unique.convMessage?.uniqueId).toEqual(expect.any(String));
    const temp = await conv(alice, OpType.start, { m: ["alice", "bob"], tempConv: true, tempConvTTL: 600, attr: attr({}) });
    expect(temp.convMessage).toMatchObject({ cid: expect.stringMatching(/^_tmp:/), tempConvTTL: 600 });
  });

  it("malformed attr JSON is an error reply (4201), not a crash", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const reply = await conv(alice, OpType.start, { m: ["bob"], attr: { data: "{nope" } });
    expect(reply.errorMessage).toMatchObject({ code: 4201, reason: "INVALID_COMMAND" });
  });
});

describe("conv query results", () => {
  it("a normal conversation: _Conversation keys, custom attributes top-level, muted per requester, last message fields, no ttl", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const { convMessage } = await conv(alice, OpType.start, { m: ["bob", "alice"], attr: attr({ name: "chat", color: { a: 1 } }) });
    const cid = convMessage!.cid!;
    await conv(bob, OpType.mute, { cid });
    await request(alice, { cmd: CommandType.direct, directMessage: { cid, msg: '{"_lctype":-1,"_lctext":"hi"}' } });
    const [forAlice] = records(await conv(alice, OpType.query, { where: attr({ objectId: cid }), flag: 0 }));
    expect(forAlice).toEqual({
      objectId: cid,
      c: "alice",
      m: ["alice", "bob"],
      name: "chat",
      color: { a: 1 },
      tr: false,
      sys: false,
      mu: ["bob"],
      muted: false,
      unique: false,
      lm: { __type: "Date", iso: expect.any(String) },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      msg: '{"_lctype":-1,"_lctext":"hi"}',
      bin: false,
      msg_from: "alice",
      msg_mid: expect.any(String),
      msg_timestamp: expect.any(Number),
    });
    const [forBob] = records(await conv(bob, OpType.query, { where: attr({ objectId: cid }), flag: 1 }));
    expect(forBob).toMatchObject({ muted: true });
    expect(forBob).not.toHaveProperty("m"); // compact
  });

  it("chat rooms have no `m`; temporary conversations carry `ttl` and are found by tempConvIds only", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const room = (await conv(alice, OpType.start, { m: ["alice"], transient: true, attr: attr({ name: "room" }) })).convMessage!.cid!;
    const [roomRecord] = records(await conv(alice, OpType.query, { where: attr({ objectId: room }) }));
    expect(roomRecord).toMatchObject({ objectId: room, tr: true, sys: false });
    expect(roomRecord).not.toHaveProperty("m");
    expect(roomRecord).not.toHaveProperty("ttl");

    const temp = (await conv(alice, OpType.start, { m: ["alice", "bob"], tempConv: true, tempConvTTL: 600, attr: attr({}) })).convMessage!.cid!;
    expect(records(await conv(alice, OpType.query, { where: attr({ objectId: temp }) }))).toEqual([]);
    const [tempRecord] = records(await conv(alice, OpType.query, { tempConvIds: [temp] }));
    expect(tempRecord).toMatchObject({ objectId: temp, m: ["alice", "bob"], ttl: expect.any(Number) });
    expect(tempRecord!.ttl).toBeGreaterThan(590);
    expect(tempRecord!.ttl).toBeLessThanOrEqual(600);
  });

  it("service conversations carry sys and the requester's joined / joinedAt", async () => {
    const kit = await createHandlerTestKit();
    const server: Actor = { kind: "server", appId: kit.appId, clientId: "sys" };
    const { conversation } = await createConversation(kit.backend.core, server, { kind: "service", attributes: { name: "news" } });
    const alice = await login(kit, "alice");
    const where = attr({ objectId: conversation.id });
    expect(records(await conv(alice, OpType.query, { where }))[0]).toMatchObject({ sys: true, tr: false, joined: false });
    const added = await conv(alice, OpType.add, { cid: conversation.id, m: ["alice"] });
    expect(added.convMessage).toMatchObject({ allowedPids: ["alice"] });
    const [record] = records(await conv(alice, OpType.query, { where }));
    expect(record).toMatchObject({ sys: true, joined: true, joinedAt: expect.any(Number) });
    expect(record).not.toHaveProperty("m");
  });
});

describe("PartiallySuccess replies", () => {
  it("failedPids carry code, reason, detail and pids; blacklist replies likewise", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const cid = (await conv(alice, OpType.start, { m: ["alice", "bob"], attr: attr({}) })).convMessage!.cid!;
    const blocked = await request(alice, { cmd: CommandType.blacklist, op: OpType.block, blacklistMessage: { srcCid: cid, toPids: ["eve"] } });
    expect(blocked).toMatchObject({ cmd: CommandType.blacklist, op: OpType.blocked, blacklistMessage: { srcCid: cid, allowedPids: ["eve"] } });
    const added = await conv(alice, OpType.add, { cid, m: ["carol", "eve"] });
    expect(added).toMatchObject({ op: OpType.added });
    expect(added.convMessage!.allowedPids).toEqual(["carol"]);
    expect(added.convMessage!.failedPids).toEqual([
      { code: 4315, reason: "CONVERSATION_BLACKLISTED", detail: expect.any(String), pids: ["eve"] },
    ]);
    const list = await request(alice, { cmd: CommandType.blacklist, op: OpType.query, blacklistMessage: { srcCid: cid } });
    expect(list.blacklistMessage).toMatchObject({ blockedPids: ["eve"] });
    expect(list.blacklistMessage).not.toHaveProperty("next");
  });

  it("a whole-request refusal is an error command (4308 for a plain member moderating)", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const bob = await login(kit, "bob");
    const cid = (await conv(alice, OpType.start, { m: ["alice", "bob", "carol"], attr: attr({}) })).convMessage!.cid!;
    const reply = await conv(bob, OpType.add_shutup, { cid, m: ["carol"] });
    expect(reply).toMatchObject({ cmd: CommandType.error, errorMessage: { code: 4308, reason: "CONVERSATION_NOT_ALLOWED" } });
  });
});

describe("update, mute, count, max_read", () => {
  it("updated carries udate (ISO) and attrModified; mute replies updated with udate; count; max_read omits zero watermarks", async () => {
    const kit = await createHandlerTestKit();
    const alice = await login(kit, "alice");
    const cid = (await conv(alice, OpType.start, { m: ["alice", "bob"], attr: attr({ a: { b: 1 } }) })).convMessage!.cid!;
    const updated = await conv(alice, OpType.update, { cid, attr: attr({ "a.b": 2 }) });
    expect(updated.convMessage).toEqual({ cid, udate: expect.any(String), attrModified: { data: JSON.stringify({ "a.b": 2 }) } });
    expect((await conv(alice, OpType.mute, { cid })).convMessage).toEqual({ cid, udate: expect.any(String) });
    expect((await conv(alice, OpType.count, { cid })).convMessage).toEqual({ count: 2 });
    expect((await conv(alice, OpType.max_read, { cid })).convMessage).toEqual({ cid });
  });
});
