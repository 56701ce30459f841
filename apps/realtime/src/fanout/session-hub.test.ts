import { describe, expect, it } from "vitest";
import { CommandType, OpType } from "../protocol/constants.js";
import { createHandlerTestKit, type HandlerTestKit } from "../testing/index.js";

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
