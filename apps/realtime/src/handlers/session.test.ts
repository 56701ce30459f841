import { verifySessionToken } from "@parley/core";
import { describe, expect, it } from "vitest";
import type { SessionEndReason } from "../connection/session.js";
import { CommandType, OpType } from "../protocol/constants.js";
import type { GenericCommand } from "../protocol/types.js";
import { createHandlerTestKit, signLogin, type HandlerTestKit, type TestConnection } from "../testing/index.js";
import type { CommandHandler } from "./types.js";

const NOW = 1_750_000_000_000;
const clock = { now: () => NOW };
const TOKEN_TTL = 172_800; // core's default sessionTokenTtlSeconds

function open(appId: string, peerId: string | undefined, sessionMessage: GenericCommand["sessionMessage"] = {}, i = 1): GenericCommand {
  const cmd: GenericCommand = { cmd: CommandType.session, op: OpType.open, appId, i, sessionMessage: { ua: "js/test", r: false, ...sessionMessage } };
  if (peerId !== undefined) cmd.peerId = peerId;
  return cmd;
}

async function login(kit: HandlerTestKit, conn: TestConnection, peerId: string, sm: GenericCommand["sessionMessage"] = {}): Promise<string> {
  await conn.send(open(kit.appId, peerId, sm));
  const [reply] = conn.take();
  expect(reply?.op).toBe(OpType.opened);
  return reply!.sessionMessage!.st!;
}

function errorOf(frames: GenericCommand[]): { code: number; reason: string } | undefined {
  const error = frames.find((f) => f.cmd === CommandType.error);
  return error?.errorMessage;
}

describe("session/open", () => {
  it("replies session/opened with peerId, serverTs and a session token", async () => {
    const kit = await createHandlerTestKit({ clock });
    const conn = kit.connect();
    await conn.send(open(kit.appId, "alice", {}, 7));
    const [reply] = conn.take();
    expect(reply).toMatchObject({ cmd: CommandType.session, op: OpType.opened, i: 7, peerId: "alice", serverTs: NOW });
    expect(reply?.sessionMessage).toEqual({ st: expect.any(String), stTtl: TOKEN_TTL });
    expect(kit.core.hub.isOnline(kit.appId, "alice")).toBe(true);
    expect(conn.connection.state).toBe("ready");
    const verified = await verifySessionToken(kit.backend.core, { appId: kit.appId, sessionToken: reply!.sessionMessage!.st! });
    expect(verified).toMatchObject({ clientId: "alice" });
  });

  it("closes the connection with 4100 for an unknown or missing app", async () => {
    const kit = await createHandlerTestKit();
    const a = kit.connect();
    await a.send(open("nope", "alice"));
    expect(a.transport.closed).toEqual({ code: 4100, reason: "APP_NOT_AVAILABLE" });
    const b = kit.connect();
    await b.send({ cmd: CommandType.session, op: OpType.open, i: 1, peerId: "alice", sessionMessage: {} });
    expect(b.transport.closed?.code).toBe(4100);
  });

  it("refuses a second app on the same connection with an error reply", async () => {
    const kit = await createHandlerTestKit({ extraApps: [{ id: "other-app" }] });
    const conn = kit.connect();
    await login(kit, conn, "alice");
    await conn.send(open(kit.extraApps[0]!.id, "bob", {}, 2));
    expect(errorOf(conn.take())).toMatchObject({ code: 4100 });
    expect(conn.transport.closed).toBeUndefined();
  });

  it("checks the Origin against the app allow-list at open time (close 4110)", async () => {
    const kit = await createHandlerTestKit({ app: { id: "web-app", settings: { originAllowList: ["https://chat.example.com", "*.example.org"] } } });
    const bad = kit.connect({ origin: "https://evil.example.net" });
    await bad.send(open(kit.appId, "alice"));
    expect(bad.transport.closed).toEqual({ code: 4110, reason: "INVALID_ORIGIN" });
    for (const origin of ["https://chat.example.com", "http://a.b.example.org:8080", undefined]) {
      const ok = kit.connect(origin ? { origin } : {});
      await login(kit, ok, "alice");
    }
  });

  it.each([
    ["empty", ""],
    ["too long", "x".repeat(65)],
    ["control characters", "a\nb"],
  ])("rejects a %s client id with 4103 (reply, connection stays)", async (_name, peerId) => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await conn.send(open(kit.appId, peerId));
    expect(errorOf(conn.take())).toMatchObject({ code: 4103, reason: "INVALID_LOGIN" });
    expect(conn.transport.closed).toBeUndefined();
    await login(kit, conn, "ok");
  });

  it("honours a per-app client id limit", async () => {
    const kit = await createHandlerTestKit({ app: { id: "short", settings: { limits: { clientIdLength: 3 } } } });
    const conn = kit.connect();
    await conn.send(open(kit.appId, "abcd"));
    expect(errorOf(conn.take())?.code).toBe(4103);
    await login(kit, conn, "abc");
  });

  it("assigns a client id when none is given", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await conn.send(open(kit.appId, undefined));
    expect(conn.take()[0]?.peerId).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("login signatures", () => {
  const signed = { id: "signed", settings: { signatures: { login: true } } };
  const sign = (kit: HandlerTestKit, clientId: string, t: number, n = "nonce") =>
    ({ t, n, s: signLogin(kit.app.masterKey, kit.appId, clientId, t, n) });

  it("accepts seconds and milliseconds timestamps and uppercase hex", async () => {
    const kit = await createHandlerTestKit({ app: signed, clock });
    await login(kit, kit.connect(), "alice", sign(kit, "alice", NOW / 1000));
    await login(kit, kit.connect(), "bob", sign(kit, "bob", NOW - 60_000));
    const upper = sign(kit, "carol", NOW);
    await login(kit, kit.connect(), "carol", { ...upper, s: upper.s.toUpperCase() });
  });

  it.each([
    ["missing", () => ({})],
    ["wrong key", (kit: HandlerTestKit) => ({ t: NOW, n: "n", s: signLogin("not-the-master", kit.appId, "alice", NOW, "n") })],
    ["other client id", (kit: HandlerTestKit) => ({ t: NOW, n: "n", s: signLogin(kit.app.masterKey, kit.appId, "bob", NOW, "n") })],
    ["stale (7 h)", (kit: HandlerTestKit) => sign(kit, "alice", NOW - 7 * 3600_000, "n")],
  ])("rejects a %s signature with 4102", async (_name, signature) => {
    const kit = await createHandlerTestKit({ app: signed, clock });
    const conn = kit.connect();
    await conn.send(open(kit.appId, "alice", signature(kit)));
    expect(errorOf(conn.take())).toMatchObject({ code: 4102, reason: "SIGNATURE_FAILED" });
  });
});

describe("reconnect and session tokens", () => {
  it("reopens with a valid st without a signature, and re-issues a token", async () => {
    const kit = await createHandlerTestKit({ app: { id: "signed", settings: { signatures: { login: true } } }, clock });
    const first = kit.connect();
    const t = NOW;
    const st = await login(kit, first, "alice", { t, n: "n", s: signLogin(kit.app.masterKey, kit.appId, "alice", t, "n") });
    first.drop();
    const again = kit.connect();
    await again.send(open(kit.appId, "alice", { r: true, st }, 2));
    const [reply] = again.take();
    expect(reply?.op).toBe(OpType.opened);
    expect(reply?.sessionMessage?.st).not.toBe(st);
  });

  it("answers 4112 only to an open that carried an unknown st", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await conn.send(open(kit.appId, "alice", { r: true, st: "bogus" }));
    expect(errorOf(conn.take())).toMatchObject({ code: 4112, reason: "SESSION_TOKEN_EXPIRED" });
    await conn.send(open(kit.appId, "alice", { r: true }, 2));
    expect(conn.take()[0]?.op).toBe(OpType.opened);
  });

  it("a reconnect without st needs a signature when the app requires one (4102, never 4112)", async () => {
    const kit = await createHandlerTestKit({ app: { id: "signed", settings: { signatures: { login: true } } } });
    const conn = kit.connect();
    await conn.send(open(kit.appId, "alice", { r: true }));
    expect(errorOf(conn.take())?.code).toBe(4102);
  });

  it("session/refresh issues a new token (and checks the signature on signed apps)", async () => {
    const kit = await createHandlerTestKit({ app: { id: "signed", settings: { signatures: { login: true } } }, clock });
    const conn = kit.connect();
    const sig = (n: string) => ({ t: NOW, n, s: signLogin(kit.app.masterKey, kit.appId, "alice", NOW, n) });
    const st = await login(kit, conn, "alice", sig("a"));
    await conn.send({ cmd: CommandType.session, op: OpType.refresh, i: 2, sessionMessage: { st } });
    expect(errorOf(conn.take())?.code).toBe(4102);
    await conn.send({ cmd: CommandType.session, op: OpType.refresh, i: 3, sessionMessage: { st, ...sig("b") } });
    const [reply] = conn.take();
    expect(reply).toMatchObject({ op: OpType.refreshed, i: 3, sessionMessage: { stTtl: TOKEN_TTL } });
    expect(reply?.sessionMessage?.st).not.toBe(st);
  });
});

describe("single-device login (tag)", () => {
  it("kicks the same tag on another device with a session/closed 4111 push", async () => {
    const ended: Array<[string, SessionEndReason]> = [];
    const kit = await createHandlerTestKit({ hooks: { sessionEnded: (s, reason) => void ended.push([s.clientId, reason]) } });
    const phone1 = kit.connect();
    const laptop = kit.connect();
    const phone2 = kit.connect();
    const oldSt = await login(kit, phone1, "alice", { tag: "Mobile", deviceId: "d1" });
    await login(kit, laptop, "alice", { tag: "Desktop", deviceId: "d3" });
    await login(kit, phone2, "alice", { tag: "Mobile", deviceId: "d2" });

    expect(phone1.take()).toEqual([
      {
        cmd: CommandType.session,
        op: OpType.closed,
        peerId: "alice",
        sessionMessage: { code: 4111, reason: "SESSION_CONFLICT", detail: "logged in on another device" },
      },
    ]);
    expect(laptop.take()).toEqual([]);
    expect(phone1.transport.closed).toBeUndefined(); // other clients may share the socket
    expect(phone1.connection.sessions.size).toBe(0);
    expect(kit.core.hub.sessionsOf(kit.appId, "alice").size).toBe(2);
    await Promise.resolve();
    expect(ended).toEqual([["alice", "conflict"]]);

    // The kicked device's automatic reconnect is refused with 4111 (plus the closed push).
    phone1.drop();
    const retry = kit.connect();
    await retry.send(open(kit.appId, "alice", { r: true, st: oldSt }, 5));
    const frames = retry.take();
    expect(frames[0]).toMatchObject({ cmd: CommandType.session, op: OpType.closed, peerId: "alice" });
    expect(frames[1]).toMatchObject({ cmd: CommandType.error, i: 5, errorMessage: { code: 4111 } });
  });

  it("does not kick the same device or sessions without a tag", async () => {
    const kit = await createHandlerTestKit();
    const a = kit.connect();
    const b = kit.connect();
    const c = kit.connect();
    await login(kit, a, "alice", { tag: "Mobile", deviceId: "d1" });
    await login(kit, b, "alice", { deviceId: "d2" });
    await login(kit, c, "alice", { tag: "Mobile", deviceId: "d1" });
    expect(a.take()).toEqual([]);
    expect(b.take()).toEqual([]);
    expect(kit.core.hub.sessionsOf(kit.appId, "alice").size).toBe(3);
  });
});

describe("connection state and dispatch", () => {
  it("requires a session before anything but open/echo (4105)", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await conn.send({ cmd: CommandType.session, op: OpType.query, i: 1, sessionMessage: { sessionPeerIds: ["x"] } });
    expect(errorOf(conn.take())).toMatchObject({ code: 4105, reason: "SESSION_REQUIRED" });
    await conn.send({ cmd: CommandType.echo, i: 2 });
    expect(conn.take()).toEqual([{ cmd: CommandType.echo, i: 2 }]);
  });

  it("resolves the acting client from peerId, else the first session; unknown peerId → 4105", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await login(kit, conn, "alice");
    await login(kit, conn, "bob");
    await conn.send({ cmd: CommandType.session, op: OpType.close, i: 3, peerId: "bob" });
    expect(conn.take()[0]).toMatchObject({ op: OpType.closed, i: 3 });
    expect(kit.core.hub.isOnline(kit.appId, "bob")).toBe(false);
    expect(kit.core.hub.isOnline(kit.appId, "alice")).toBe(true);
    await conn.send({ cmd: CommandType.session, op: OpType.query, i: 4, peerId: "carol", sessionMessage: {} });
    expect(errorOf(conn.take())?.code).toBe(4105);
  });

  it("answers unknown commands with an error and stays open; drops unknown fire-and-forget ones", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await login(kit, conn, "alice");
    await conn.send({ cmd: CommandType.room, op: OpType.join, i: 9 });
    expect(conn.take()).toEqual([
      { cmd: CommandType.error, i: 9, errorMessage: { code: 4201, reason: "INVALID_COMMAND", detail: "unsupported command room/join" } },
    ]);
    await conn.send({ cmd: 99, i: 10 });
    expect(errorOf(conn.take())?.code).toBe(4201);
    await conn.send({ cmd: CommandType.room });
    expect(conn.take()).toEqual([]);
    expect(conn.connection.isOpen).toBe(true);
  });

  it("maps unexpected handler errors to 4200 and logs them", async () => {
    const boom: CommandHandler = { requiresSession: false, handle: async () => Promise.reject(new Error("db down")) };
    const kit = await createHandlerTestKit({ handlers: { report: boom } });
    const conn = kit.connect();
    await conn.send({ cmd: CommandType.report, i: 1 });
    expect(conn.take()).toEqual([{ cmd: CommandType.error, i: 1, errorMessage: { code: 4200, reason: "INTERNAL_ERROR", detail: "Internal error." } }]);
    expect(kit.logger.errors).toHaveLength(1);
  });

  it("a failing sessionOpened hook does not produce a second reply", async () => {
    const kit = await createHandlerTestKit({ hooks: { sessionOpened: () => Promise.reject(new Error("x")) } });
    const conn = kit.connect();
    await conn.send(open(kit.appId, "alice"));
    expect(conn.take().filter((f) => f.i === 1).map((f) => f.op)).toEqual([OpType.opened]);
  });
});

describe("session/close and session/query", () => {
  it("logs out: reply, token revoked, hub cleared, login timer back on", async () => {
    const ended: SessionEndReason[] = [];
    const kit = await createHandlerTestKit({ hooks: { sessionEnded: (_s, r) => void ended.push(r) } });
    const conn = kit.connect();
    const st = await login(kit, conn, "alice");
    await conn.send({ cmd: CommandType.session, op: OpType.close, i: 2 });
    expect(conn.take()[0]).toMatchObject({ cmd: CommandType.session, op: OpType.closed, i: 2 });
    await expect(verifySessionToken(kit.backend.core, { appId: kit.appId, sessionToken: st })).rejects.toMatchObject({ code: "SESSION_TOKEN_EXPIRED" });
    expect(kit.core.hub.isOnline(kit.appId, "alice")).toBe(false);
    expect(conn.connection.state).toBe("awaiting-login");
    await Promise.resolve();
    expect(ended).toEqual(["logout"]);
  });

  it("ends sessions when the socket goes away", async () => {
    const ended: SessionEndReason[] = [];
    const kit = await createHandlerTestKit({ hooks: { sessionEnded: (_s, r) => void ended.push(r) } });
    const conn = kit.connect();
    await login(kit, conn, "alice");
    conn.drop();
    await Promise.resolve();
    expect(kit.core.hub.isOnline(kit.appId, "alice")).toBe(false);
    expect(kit.core.connections.size).toBe(0);
    await expect.poll(() => ended).toEqual(["disconnect"]);
  });

  it("returns online ids among at most the first 20 asked", async () => {
    const kit = await createHandlerTestKit();
    const conn = kit.connect();
    await login(kit, conn, "alice");
    await login(kit, kit.connect(), "u20");
    await login(kit, kit.connect(), "u21");
    const ids = Array.from({ length: 22 }, (_, n) => `u${n}`);
    await conn.send({ cmd: CommandType.session, op: OpType.query, i: 3, sessionMessage: { sessionPeerIds: [...ids, "alice"] } });
    const [first] = conn.take();
    expect(first).toMatchObject({ op: OpType.query_result, i: 3 });
    expect(first?.sessionMessage?.onlineSessionPeerIds ?? []).toEqual([]); // empty repeated = absent on the wire
    await conn.send({ cmd: CommandType.session, op: OpType.query, i: 4, sessionMessage: { sessionPeerIds: ["u20", "alice", "u20", "x"] } });
    expect(conn.take()[0]?.sessionMessage?.onlineSessionPeerIds).toEqual(["u20", "alice"]);
  });
});
