// The service-conversation webhook against a real database and a real HTTP receiver.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createConversation, joinConversation, postMessage, type App } from "@parley/core";
import { createServiceWebhookStore } from "@parley/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger, createTestApp, openTestBackend, sharedTestDatabase, type TestBackend } from "../testing/index.js";
import { startServiceWebhookForwarder, webhookSignature, type ServiceWebhookForwarder } from "./service-webhook.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A webhook receiver: answers with the next queued status (200 when none). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    statuses,
    messages: () => received.flatMap((r) => JSON.parse(r.body) as { msgId: string; from: string; data: string; conv: { objectId: string } }[]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let backend: TestBackend;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const forwarders: ServiceWebhookForwarder[] = [];

beforeAll(async () => {
  backend = await openTestBackend();
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(forwarders.map((f) => f.stop()));
  await receiver?.close();
  await backend?.close();
});

async function forwarder(options: { settleMs?: number } = {}) {
  const store = createServiceWebhookStore(await sharedTestDatabase());
  // A long interval: the test drives rounds with runOnce().
  const f = startServiceWebhookForwarder({ store, logger: createSilentLogger(), intervalMs: 60_000, settleMs: options.settleMs ?? 0, maxBackoffMs: 0 });
  forwarders.push(f);
  return f;
}

async function serviceApp(): Promise<{ app: App; serviceId: string }> {
  const app = await createTestApp(backend, { settings: { serviceWebhookUrl: receiver.url } });
  const server = { kind: "server" as const, appId: app.id, clientId: "server" };
  const { conversation } = await createConversation(backend.core, server, { kind: "service", attributes: { name: "support" } });
  for (const id of ["u1", "u2"]) await joinConversation(backend.core, { kind: "client", appId: app.id, clientId: id }, { conversationId: conversation.id });
  return { app, serviceId: conversation.id };
}

const say = (app: App, clientId: string, conversationId: string, text: string) =>
  postMessage(backend.core, { kind: "client", appId: app.id, clientId }, { conversationId, content: { kind: "text", text } });

describe("service-conversation webhook", () => {
  it("forwards what subscribers send, once, as signed _SysMessage arrays; broadcasts are not forwarded", async () => {
    const f = await forwarder();
    const { app, serviceId } = await serviceApp();
    await f.runOnce(); // starts the cursor: earlier history is not replayed
    const a = await say(app, "u1", serviceId, "help");
    const b = await say(app, "u2", serviceId, "me too");
    await postMessage(backend.core, { kind: "server", appId: app.id, clientId: "support" }, { conversationId: serviceId, content: { kind: "text", text: "news" } });
    const before = receiver.received.length;
    await f.runOnce();
    await f.runOnce();
    const mine = receiver.received.slice(before).filter((r) => r.headers["x-lc-id"] === app.id);
    expect(mine).toHaveLength(1);
    const batch = JSON.parse(mine[0]!.body);
    expect(batch).toEqual([
      {
        msgId: a.id,
        conv: { __type: "Pointer", className: "_Conversation", objectId: serviceId },
        from: "u1",
        fromIp: null,
        bin: false,
        data: "help",
        timestamp: a.timestamp,
        ackAt: a.timestamp,
        createdAt: { __type: "Date", iso: new Date(a.timestamp).toISOString() },
        updatedAt: { __type: "Date", iso: new Date(a.timestamp).toISOString() },
      },
      expect.objectContaining({ msgId: b.id, from: "u2", data: "me too" }),
    ]);
    expect(mine[0]!.headers["x-parley-signature"]).toBe(webhookSignature(app.masterKey, mine[0]!.body));
  });

  it("retries a failing receiver without skipping or duplicating", async () => {
    const f = await forwarder();
    const { app, serviceId } = await serviceApp();
    await f.runOnce();
    const sent = await say(app, "u1", serviceId, "are you there?");
    receiver.statuses.push(500, 503);
    await f.runOnce(); // 500
    await f.runOnce(); // 503
    await f.runOnce(); // 200
    await f.runOnce(); // nothing new
    const forwarded = receiver.messages().filter((m) => m.conv.objectId === serviceId);
    expect(forwarded.map((m) => m.msgId)).toEqual([sent.id]);
  });

  it("two nodes forwarding the same app send each message exactly once", async () => {
    const [f1, f2] = [await forwarder(), await forwarder()];
    const { app, serviceId } = await serviceApp();
    await f1.runOnce();
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) ids.push((await say(app, i % 2 ? "u1" : "u2", serviceId, `m${i}`)).id);
    await Promise.all([f1.runOnce(), f2.runOnce()]);
    await Promise.all([f1.runOnce(), f2.runOnce()]);
    const forwarded = receiver.messages().filter((m) => m.conv.objectId === serviceId);
    expect(forwarded.map((m) => m.msgId).sort()).toEqual([...ids].sort());
  });

  it("waits for the settle margin before taking a message", async () => {
    const f = await forwarder({ settleMs: 60_000 });
    const { app, serviceId } = await serviceApp();
    await f.runOnce();
    await say(app, "u1", serviceId, "later");
    await f.runOnce();
    expect(receiver.messages().filter((m) => m.conv.objectId === serviceId)).toEqual([]);
  });
});
