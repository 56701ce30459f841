import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { blockMembers, closeSession, createConversation, openSession, postMessage, silenceMembers } from "@parley/core";
import { findFreePort } from "@parley/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, startRealtimeProcess, type RealtimeProcess, type TestClient } from "../../testing/realtime-server";
import { createRouterTestKit, errorOf, expectOneAudit, expectRefusedForAll, refusalsBelow, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;
let a: string;
let b: string;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  const deps = kit.services.core.deps;
  const server = kit.serverActor("app1");
  a = (await createConversation(deps, server, { members: ["alice", "bob"], attributes: { name: "A" } })).conversation.id;
  b = (await createConversation(deps, server, { members: ["alice", "bob", "carol"], attributes: { name: "B" } })).conversation.id;
  await postMessage(deps, { kind: "client", appId: "app1", clientId: "bob" }, { conversationId: a, content: { kind: "text", text: "to alice" } });
  await postMessage(deps, { kind: "client", appId: "app1", clientId: "alice" }, { conversationId: b, content: { kind: "text", text: "from alice" } });
  await silenceMembers(deps, server, { conversationId: b, clientIds: ["alice"], reason: "flood" });
  await blockMembers(deps, server, { conversationId: b, clientIds: ["carol"] });
});
afterAll(() => kit?.dispose());

describe("client.lookup", () => {
  it.each(ROLES)("shows a client's conversations, silences, unread and recent messages to a %s", async (role) => {
    const r = await kit.as(role).client.lookup({ appId: "app1", clientId: "alice" });
    expect(r.conversations.map((c) => c.id).sort()).toEqual([a, b].sort());
    expect(r.silenced).toMatchObject([{ conversationId: b, reason: "flood" }]);
    expect(r.blocked).toEqual([]);
    expect(r.unread).toEqual([{ conversationId: a, count: 1, mentioned: false }]);
    expect(r.recentMessages).toMatchObject([{ conversationId: b, text: "from alice" }]);
  });

  it("lists the devices a client is signed in on (live session tokens), newest first", async () => {
    const deps = kit.services.core.deps;
    const open = (tag: string | null, deviceId: string) => openSession(deps, { appId: "app1", clientId: "dana", tag, deviceId });
    await open(null, "laptop-1");
    await new Promise((r) => setTimeout(r, 5)); // distinct sign-in times: the list is newest first
    await open("Mobile", "phone-1");
    const closed = await open(null, "tablet-1");
    await closeSession(deps, { kind: "client", appId: "app1", clientId: "dana" }, { sessionToken: closed.sessionToken }); // logged out: not listed
    const r = await kit.as("viewer").client.lookup({ appId: "app1", clientId: "dana" });
    expect(r.devices.map((d) => [d.deviceId, d.tag, d.sessions])).toEqual([
      ["phone-1", "Mobile", 1],
      ["laptop-1", null, 1],
    ]);
    expect((await kit.as("viewer").client.lookup({ appId: "app1", clientId: "nobody" })).devices).toEqual([]);
  });

  it("shows where a client is blocked", async () => {
    const r = await kit.as("viewer").client.lookup({ appId: "app1", clientId: "carol" });
    expect(r.blocked).toMatchObject([{ conversationId: b }]);
    expect(r.conversations).toEqual([]);
  });

  it("refuses anonymous callers and finds nothing in another app", async () => {
    expect((await errorOf(kit.anonymous().client.lookup({ appId: "app1", clientId: "alice" }))).code).toBe("UNAUTHORIZED");
    const other = await kit.as("admin").client.lookup({ appId: "other", clientId: "alice" });
    expect(other.conversations).toEqual([]);
  });
});

describe("online status and kicks through the realtime service", () => {
  let rt: RouterTestKit;
  let realtime: RealtimeProcess;
  let alice: TestClient | null = null;
  const onlineNow = async () => (await rt.as("viewer").client.online({ appId: "app1", clientIds: ["alice", "bob"] })).online;
  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${realtime.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    // The console is configured with the port first; the real service then starts on this kit's database.
    const port = await findFreePort();
    rt = await createRouterTestKit({ realtimeUrl: `http://127.0.0.1:${port}` });
    await seedApp(rt, "app1");
    realtime = await startRealtimeProcess(rt.database.url, { port });
  });
  afterAll(async () => {
    alice?.close();
    await realtime?.stop();
    await rt?.dispose();
  });

  it("reports who is online, asking in batches of 20, for every role", async () => {
    expect(await onlineNow()).toEqual([]);
    alice = await connectClient(realtime.url, "app1", "alice");
    await until(async () => (await onlineNow()).includes("alice"), "alice online");
    const many = [...Array.from({ length: 44 }, (_, i) => `client-${i}`), "alice"];
    for (const role of ROLES) {
      expect(await rt.as(role).client.online({ appId: "app1", clientIds: many })).toEqual({ online: ["alice"] });
    }
    expect((await errorOf(rt.anonymous().client.online({ appId: "app1", clientIds: ["alice"] }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(rt.as("admin").client.online({ appId: "no-such-app", clientIds: ["alice"] }))).code).toBe("NOT_FOUND");
  });

  it("kick: refused to anonymous, cross-site and viewer callers with nothing done", async () => {
    await expectRefusedForAll(
      rt,
      refusalsBelow(rt, "moderator"),
      (c) => c.client.kick({ appId: "app1", clientId: "alice", reason: "spam" }),
      onlineNow,
    );
    expect(await onlineNow()).toEqual(["alice"]);
  });

  it("kick: rejects a reason over 20 characters", async () => {
    expect((await errorOf(rt.as("moderator").client.kick({ appId: "app1", clientId: "alice", reason: "x".repeat(21) }))).code).toBe("BAD_REQUEST");
  });

  it("kick: closes the client's sessions, audited once", async () => {
    const framesBefore = alice!.frames.length;
    const n = await rt.auditCount();
    expect(await rt.as("moderator").client.kick({ appId: "app1", clientId: "alice", reason: "spam" })).toEqual({ ok: true });
    const row = await expectOneAudit(rt, n, "client.kick");
    expect(row).toMatchObject({ app_id: "app1", target: "client:alice", after: { clientId: "alice", reason: "spam" }, operator_role: "moderator" });
    await until(async () => (await onlineNow()).length === 0, "alice offline");
    // The client was told (session/closed) before its session ended.
    expect(alice!.frames.length).toBeGreaterThan(framesBefore);
    expect(Buffer.concat(alice!.frames.slice(framesBefore)).toString("latin1")).toContain("spam");
  });
});

describe("a realtime service serving TLS on loopback", () => {
  it("is reached at https://127.0.0.1 although its certificate names the public host", async () => {
    const port = await findFreePort();
    const rt = await createRouterTestKit({ realtimeUrl: `https://127.0.0.1:${port}` });
    const realtime = await startRealtimeProcess(rt.database.url, { port, tls: true });
    try {
      await seedApp(rt, "app1");
      expect(await rt.as("viewer").client.online({ appId: "app1", clientIds: ["alice"] })).toEqual({ online: [] });
    } finally {
      await realtime.stop();
      await rt.dispose();
    }
  });
});

describe("when the realtime service cannot be reached", () => {
  it("online and kick fail with a typed error and kick writes nothing", async () => {
    const closedPort = await findFreePort();
    const down = await createRouterTestKit({ realtimeUrl: `http://127.0.0.1:${closedPort}` });
    try {
      await seedApp(down, "app1");
      const online = await errorOf(down.as("viewer").client.online({ appId: "app1", clientIds: ["alice"] }));
      expect(online.code).toBe("SERVICE_UNAVAILABLE");
      expect((online.cause as { code?: string }).code).toBe("REALTIME_UNAVAILABLE");
      await expectRefusedForAll(
        down,
        [{ caller: down.as("moderator"), code: "SERVICE_UNAVAILABLE", label: "realtime down" }],
        (c) => c.client.kick({ appId: "app1", clientId: "alice", reason: "spam" }),
        () => down.auditCount(),
      );
    } finally {
      await down.dispose();
    }
  });

  it("gives up after the timeout when the service does not answer", async () => {
    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    const slow = await createRouterTestKit({ realtimeUrl: `http://127.0.0.1:${port}`, realtimeTimeoutMs: 300 });
    try {
      await seedApp(slow, "app1");
      const error = await errorOf(slow.as("viewer").client.online({ appId: "app1", clientIds: ["alice"] }));
      expect(error.code).toBe("SERVICE_UNAVAILABLE");
      expect((error.cause as { details?: { reason?: string } }).details?.reason).toBe("timeout");
    } finally {
      silent.closeAllConnections();
      silent.close();
      await slow.dispose();
    }
  });

  it("says when no realtime URL is configured", async () => {
    const error = await errorOf(kit.as("viewer").client.online({ appId: "app1", clientIds: ["alice"] }));
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect((error.cause as { code?: string }).code).toBe("REALTIME_NOT_CONFIGURED");
  });
});
