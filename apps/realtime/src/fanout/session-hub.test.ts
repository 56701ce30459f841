import { describe, expect, it } from "vitest";
import { CommandType, OpType } from "../protocol/constants.js";
import { createHandlerTestKit, type HandlerTestKit } from "../testing/index.js";
import type { Connection } from "../connection/connection.js";
import type { Session } from "../connection/session.js";
import type { PreparedCommand } from "../protocol/prepared-command.js";
import { SessionHub } from "./session-hub.js";

async function login(kit: HandlerTestKit, clientId: string, format: "binary" | "base64" = "binary") {
  const conn = kit.connect({ format });
  await conn.send({ cmd: CommandType.session, op: OpType.open, appId: kit.appId, peerId: clientId, i: 1, sessionMessage: {} });
  conn.take();
  return conn;
}

describe("SessionHub", () => {
  it("pushes to every session of every target client with its own peerId, in both formats", async () => {
    const kit = await createHandlerTestKit();
    const alice1 = await login(kit, "alice");
    const alice2 = await login(kit, "alice", "base64");
    const bob = await login(kit, "bob");
    const carol = await login(kit, "carol");
    const written = kit.core.hub.push(kit.appId, ["alice", "bob", "alice", "nobody"], {
      cmd: CommandType.direct,
      directMessage: { cid: "c", id: "m", msg: "hi" },
    });
    expect(written).toBe(3);
    for (const [conn, peerId] of [[alice1, "alice"], [alice2, "alice"], [bob, "bob"]] as const) {
      expect(conn.take()).toEqual([{ cmd: CommandType.direct, peerId, directMessage: { cid: "c", id: "m", msg: "hi" } }]);
    }
    expect(carol.take()).toEqual([]);
  });

  it("can skip the originating session and is scoped per app", async () => {
    const kit = await createHandlerTestKit({ extraApps: [{ id: "other" }] });
    const a1 = await login(kit, "alice");
    const a2 = await login(kit, "alice");
    expect(kit.core.hub.push(kit.appId, ["alice"], { cmd: CommandType.presence }, { exceptSessionId: a1.connection.sessions.get("alice")?.id })).toBe(1);
    expect(a1.take()).toEqual([]);
    expect(a2.take()).toHaveLength(1);
    expect(kit.core.hub.push(kit.extraApps[0]!.id, ["alice"], { cmd: CommandType.presence })).toBe(0);
    expect(kit.core.hub.size).toBe(2);
  });
});

describe("SessionHub large fan-outs", () => {
  /** Fake sessions whose connection records (label, peerId) per write. */
  function fakeSessions(count: number, log: Array<[PreparedCommand, string]>): Session[] {
    const out: Session[] = [];
    for (let n = 0; n < count; n++) {
      const clientId = `c${n}`;
      const connection = {
        sendPrepared: (prepared: PreparedCommand, peerId?: string) => {
          log.push([prepared, peerId ?? ""]);
        },
      } as unknown as Connection;
      out.push({ id: `s${n}`, appId: "app", clientId, connection, tag: null, deviceId: null, token: "t", openedAt: 0 });
    }
    return out;
  }
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it("writes at most one slice per event-loop turn and keeps push order per recipient", async () => {
    const hub = new SessionHub(100);
    const log: Array<[PreparedCommand, string]> = [];
    const sessions = fakeSessions(250, log);
    for (const s of sessions) hub.add(s);
    const ids = sessions.map((s) => s.clientId);
    expect(hub.push("app", ids, { cmd: CommandType.direct })).toBe(250);
    expect(log).toHaveLength(100); // first slice at once
    // A later small push waits behind the unfinished large one.
    expect(hub.push("app", ["c0", "c249"], { cmd: CommandType.presence })).toBe(2);
    expect(log).toHaveLength(100);
    await nextTurn();
    expect(log).toHaveLength(200);
    await nextTurn();
    expect(log).toHaveLength(252);
    const big = log[0]![0];
    const small = log[251]![0];
    expect(small).not.toBe(big);
    expect(log.filter(([, peer]) => peer === "c249").map(([p]) => p)).toEqual([big, small]);
    expect(log.slice(250).map(([, peer]) => peer)).toEqual(["c0", "c249"]);
    // Idle again: small pushes are written synchronously.
    hub.push("app", ["c1"], { cmd: CommandType.presence });
    expect(log).toHaveLength(253);
  });

  it("skips sessions that closed before their slice was written", async () => {
    const hub = new SessionHub(10);
    const log: Array<[PreparedCommand, string]> = [];
    const sessions = fakeSessions(20, log);
    for (const s of sessions) hub.add(s);
    hub.push("app", sessions.map((s) => s.clientId), { cmd: CommandType.direct });
    hub.remove(sessions[15]!);
    await nextTurn();
    expect(log.map(([, peer]) => peer)).not.toContain("c15");
    expect(log).toHaveLength(19);
  });
});
