// Session lifecycle driven by the official SDKs, both versions, both frame formats.
import { afterEach, describe, expect, it } from "vitest";
import { signLogin } from "../../src/testing/index.js";
import { CommandType, OpType } from "../../src/protocol/constants.js";
import type { SessionOpenedInfo } from "../../src/handlers/types.js";
import {
  SDK_VERSIONS,
  cleanupSdk,
  createClient,
  createRealtime,
  sdk,
  startTestServer,
  waitForEvent,
  waitUntil,
  type IMClient,
} from "./harness.js";

afterEach(cleanupSdk);

describe.each(SDK_VERSIONS)("SDK %s", (version) => {
  const { Event } = sdk(version);

  describe.each([
    ["binary (lc.protobuf2.3)", false],
    ["base64 (lc.proto2base64.3)", true],
  ])("%s", (_label, noBinary) => {
    it("logs in and gets its client id back", async () => {
      const target = await startTestServer();
      const { client } = await createClient(version, target, "alice", { noBinary });
      expect(client.id).toBe("alice");
      expect(target.server.hub.isOnline(target.app.id, "alice")).toBe(true);
    });

    it("reports online peers through client.ping (session/query)", async () => {
      const target = await startTestServer();
      const { client: alice } = await createClient(version, target, "alice", { noBinary });
      await createClient(version, target, "bob", { noBinary });
      expect(await alice.ping(["bob", "carol", "alice"])).toEqual(["bob", "alice"]);
    });
  });

  it("lets the server assign an id when createIMClient() gets none", async () => {
    const target = await startTestServer();
    const { client } = await createClient(version, target, undefined);
    expect(client.id).toMatch(/^[0-9a-f]{24}$/);
  });

  describe("reconnect", () => {
    const signedApp = { id: "signed-app", settings: { signatures: { login: true } } };
    const signer = (masterKey: string, appId: string) => (id: string) => {
      const timestamp = Date.now();
      return { signature: signLogin(masterKey, appId, id, timestamp, "nonce"), timestamp, nonce: "nonce" };
    };

    it("reopens with the session token after a server restart (no signature on reconnect)", async () => {
      const opens: SessionOpenedInfo[] = [];
      const target = await startTestServer({
        app: signedApp,
        server: { hooks: { sessionOpened: (_s, info) => void opens.push(info) } },
      });
      const signatureFactory = signer(target.app.masterKey, target.app.id);
      const { client, realtime } = await createClient(version, target, "alice", { client: { signatureFactory } });
      const disconnected = waitForEvent(realtime, Event.DISCONNECT);
      const reconnected = waitForEvent(client, Event.RECONNECT, 20_000);
      await target.restart();
      await disconnected;
      await reconnected;
      await expect.poll(() => opens.map((o) => o.reconnect)).toEqual([false, true]);
      expect(await client.ping(["alice"])).toEqual(["alice"]);
    });

    it("an unknown token gets 4112; the SDK retries without it (accepted when no signature is required)", async () => {
      const target = await startTestServer();
      const { client } = await createClient(version, target, "alice");
      const reconnected = waitForEvent(client, Event.RECONNECT, 20_000);
      await target.restart({ forgetSessionTokens: true });
      await reconnected;
      expect(await client.ping(["alice"])).toEqual(["alice"]);
    });

    it("an unknown token on a signed app ends in RECONNECT_ERROR (the SDK cannot re-sign)", async () => {
      const target = await startTestServer({ app: signedApp });
      const signatureFactory = signer(target.app.masterKey, target.app.id);
      const { client } = await createClient(version, target, "alice", { client: { signatureFactory } });
      const failed = waitForEvent<[{ code: number }]>(client, Event.RECONNECT_ERROR, 20_000);
      await target.restart({ forgetSessionTokens: true });
      expect((await failed)[0].code).toBe(4102);
    });

    it("goaway on shutdown makes the SDK drop the socket within the grace period", async () => {
      const target = await startTestServer();
      const { realtime } = await createClient(version, target, "alice");
      const disconnected = waitForEvent(realtime, Event.DISCONNECT);
      const started = Date.now();
      const closing = target.server.close({ graceMs: 10_000 });
      await disconnected;
      await closing; // resolves as soon as every connection is gone, long before the grace ends
      expect(Date.now() - started).toBeLessThan(8_000);
    });
  });

  it("kicks the older device with the same tag (CONFLICT), other tags stay", async () => {
    const target = await startTestServer();
    const { client: oldPhone } = await createClient(version, target, "alice", { client: { tag: "Mobile" } });
    const { client: laptop } = await createClient(version, target, "alice", { client: { tag: "Desktop" } });
    const conflict = waitForEvent<[{ reason: string }]>(oldPhone, Event.CONFLICT);
    let laptopKicked = false;
    laptop.on(Event.CONFLICT, () => (laptopKicked = true));
    const { client: newPhone } = await createClient(version, target, "alice", { client: { tag: "Mobile" } });
    const [payload] = await conflict;
    expect(payload.reason).toBe("SESSION_CONFLICT");
    expect(await newPhone.ping(["alice"])).toEqual(["alice"]);
    expect(await laptop.ping(["alice"])).toEqual(["alice"]);
    expect(laptopKicked).toBe(false);
    expect(target.server.hub.sessionsOf(target.app.id, "alice").size).toBe(2);
  });

  describe("login signatures", () => {
    const appInput = { id: "signed-app", settings: { signatures: { login: true } } };

    it("accepts a signatureFactory signing with the master key (seconds or ms timestamps)", async () => {
      const target = await startTestServer({ app: appInput });
      for (const [clientId, toTimestamp] of [
        ["alice", () => Math.floor(Date.now() / 1000)],
        ["bob", () => Date.now()],
      ] as const) {
        const signatureFactory = (id: string) => {
          const timestamp = toTimestamp();
          const nonce = `n-${Math.random()}`;
          return { signature: signLogin(target.app.masterKey, target.app.id, id, timestamp, nonce), timestamp, nonce };
        };
        const { client } = await createClient(version, target, clientId, { client: { signatureFactory } });
        expect(client.id).toBe(clientId);
      }
    });

    it("rejects a bad signature with 4102", async () => {
      const target = await startTestServer({ app: appInput });
      const signatureFactory = () => ({ signature: "0".repeat(40), timestamp: Date.now(), nonce: "n" });
      await expect(createClient(version, target, "alice", { client: { signatureFactory } })).rejects.toMatchObject({
        code: 4102,
      });
      await expect(createClient(version, target, "bob")).rejects.toMatchObject({ code: 4102 });
    });
  });

  it("rejects a client id longer than the app limit with 4103", async () => {
    const target = await startTestServer();
    await expect(createClient(version, target, "x".repeat(65))).rejects.toMatchObject({ code: 4103 });
    const { client } = await createClient(version, target, "y".repeat(64));
    expect(client.id).toHaveLength(64);
  });

  it("routes pushes to the right client when two clients share one Realtime (one socket)", async () => {
    const target = await startTestServer();
    const realtime = await createRealtime(version, target);
    const { client: alice } = await createClient(version, target, "alice", { realtime });
    const { client: bob } = await createClient(version, target, "bob", { realtime });
    expect(target.server.connectionCount).toBe(1);

    const received: Record<string, number[]> = { alice: [], bob: [] };
    for (const client of [alice, bob] as IMClient[]) {
      client.on(Event.UNHANDLED_MESSAGE, (cmd: { cmd: number; presenceMessage: { cid: string } }) =>
        received[client.id]?.push(Number(cmd.presenceMessage.cid)),
      );
    }
    const push = (to: string, n: number) =>
      target.server.hub.push(target.app.id, [to], { cmd: CommandType.presence, presenceMessage: { cid: String(n) } });
    push("bob", 1);
    push("alice", 2);
    push("bob", 3);
    await waitUntil(() => received.alice!.length + received.bob!.length === 3, 5_000, "pushes");
    expect(received).toEqual({ alice: [2], bob: [1, 3] });

    // Both clients keep working on the shared socket, each as itself.
    expect(await bob.ping(["alice", "bob"])).toEqual(["alice", "bob"]);
    const closed = waitForEvent<[{ code: number }]>(bob, Event.CLOSE);
    target.server.hub.push(target.app.id, ["bob"], {
      cmd: CommandType.session,
      op: OpType.closed,
      sessionMessage: { code: 4999, reason: "KICKED_BY_TEST" },
    });
    expect((await closed)[0].code).toBe(4999);
    expect(await alice.ping(["alice"])).toEqual(["alice"]);
  });

  it("closes cleanly with client.close() (session/close) and the SDK drops the socket", async () => {
    const target = await startTestServer();
    const { client } = await createClient(version, target, "alice");
    await client.close();
    expect(target.server.hub.isOnline(target.app.id, "alice")).toBe(false);
    await waitUntil(() => target.server.connectionCount === 0, 5_000, "socket closed");
  });
});
