// The WebSocket edge with a raw `ws` client: subprotocols, framing, limits, timeouts.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { RealtimeServer, RealtimeServerOptions } from "../server.js";
import { decodeBase64Command, decodeCommand, encodeBase64Command, encodeCommand } from "../protocol/codec.js";
import { CommandType, OpType } from "../protocol/constants.js";
import type { GenericCommand, OutboundCommand } from "../protocol/types.js";
import { startTestRealtimeServer, type TestRealtimeServer } from "../testing/index.js";

const servers: TestRealtimeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let appId = "";

async function start(options: Partial<RealtimeServerOptions> = {}): Promise<RealtimeServer> {
  const started = await startTestRealtimeServer({ app: { id: "app" }, server: options });
  servers.push(started);
  appId = started.app.id;
  return started.server;
}

interface Client {
  ws: WebSocket;
  next(): Promise<{ command: GenericCommand; binary: boolean }>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string, protocol?: string | string[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = protocol === undefined ? new WebSocket(url) : new WebSocket(url, protocol);
    const queue: Array<{ command: GenericCommand; binary: boolean }> = [];
    const waiters: Array<(m: { command: GenericCommand; binary: boolean }) => void> = [];
    ws.on("message", (data: Buffer, binary) => {
      const limit = { maxBytes: 1 << 20 };
      const command = binary ? decodeCommand(data, limit) : decodeBase64Command(data.toString(), limit);
      const waiter = waiters.shift();
      if (waiter) waiter({ command, binary });
      else queue.push({ command, binary });
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on("close", (code, reason) => r({ code, reason: reason.toString() })),
    );
    ws.on("open", () =>
      resolve({
        ws,
        closed,
        next: () => {
          const queued = queue.shift();
          return queued ? Promise.resolve(queued) : new Promise((r) => waiters.push(r));
        },
      }),
    );
    ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on("error", reject);
  });
}

const sendBinary = (c: Client, cmd: OutboundCommand) => c.ws.send(encodeCommand(cmd));
const sendText = (c: Client, cmd: OutboundCommand) => c.ws.send(encodeBase64Command(cmd));
const openCmd = (): OutboundCommand => ({ cmd: CommandType.session, op: OpType.open, appId, peerId: "alice", i: 1, sessionMessage: {} });

describe("subprotocol negotiation", () => {
  it.each(["lc.protobuf2.3", "lc.proto2base64.3", "lc.protobuf2.1", "lc.proto2base64.1"])("echoes %s", async (protocol) => {
    const server = await start();
    const client = await connect(server.wsUrl, protocol);
    expect(client.ws.protocol).toBe(protocol);
    const base64 = protocol.includes("base64");
    (base64 ? sendText : sendBinary)(client, openCmd());
    const { command, binary } = await client.next();
    expect(command).toMatchObject({ op: OpType.opened, peerId: "alice", i: 1 });
    expect(binary).toBe(!base64);
  });

  it("picks the supported one out of several offered", async () => {
    const server = await start();
    const client = await connect(server.wsUrl, ["lc.json.1", "lc.proto2base64.3"]);
    expect(client.ws.protocol).toBe("lc.proto2base64.3");
  });

  it("without the header: reads ?subprotocol= and sends no protocol header", async () => {
    const server = await start();
    const client = await connect(`${server.wsUrl}?subprotocol=${encodeURIComponent("lc.proto2base64.3")}`);
    expect(client.ws.protocol).toBe("");
    sendText(client, { cmd: CommandType.echo, i: 4 });
    expect(await client.next()).toEqual({ command: { cmd: CommandType.echo, i: 4 }, binary: false });
  });

  it("without header or query: binary lc.protobuf2.3", async () => {
    const server = await start();
    const client = await connect(server.wsUrl);
    sendBinary(client, { cmd: CommandType.echo, i: 1 });
    expect((await client.next()).binary).toBe(true);
  });

  it("rejects unsupported subprotocols with HTTP 400", async () => {
    const server = await start();
    await expect(connect(server.wsUrl, "lc.json.1")).rejects.toThrow("HTTP 400");
    await expect(connect(`${server.wsUrl}?subprotocol=mqtt`)).rejects.toThrow("HTTP 400");
  });
});

describe("framing and limits", () => {
  it("closes with 4109 FRAME_TOO_LONG when a frame exceeds maxFrameBytes", async () => {
    const server = await start({ maxFrameBytes: 1024 });
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    client.ws.send(Buffer.alloc(4096, 1));
    expect(await client.closed).toEqual({ code: 4109, reason: "FRAME_TOO_LONG" });
  });

  it("answers malformed frames with an error command and stays open", async () => {
    const server = await start();
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    client.ws.send(Buffer.from([0xff, 0xff, 0xff]));
    const { command } = await client.next();
    expect(command).toMatchObject({ cmd: CommandType.error, errorMessage: { code: 4201, reason: "INVALID_COMMAND" } });
    expect(command.i).toBeUndefined();
    client.ws.send("!!! not base64 !!!"); // a text frame on a binary connection is still accepted as base64
    expect((await client.next()).command.errorMessage?.code).toBe(4201);
    sendBinary(client, openCmd());
    expect((await client.next()).command.op).toBe(OpType.opened);
  });

  it("accepts text (base64) frames on a binary connection and vice versa, replying in the negotiated format", async () => {
    const server = await start();
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    sendText(client, { cmd: CommandType.echo, i: 2 });
    expect(await client.next()).toEqual({ command: { cmd: CommandType.echo, i: 2 }, binary: true });
  });

  it("requires a session before other commands (4105; a direct is refused with an ack)", async () => {
    const server = await start();
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    sendBinary(client, { cmd: CommandType.conv, op: OpType.query, i: 3, convMessage: {} });
    expect((await client.next()).command).toMatchObject({ cmd: CommandType.error, i: 3, errorMessage: { code: 4105 } });
    sendBinary(client, { cmd: CommandType.direct, i: 4, directMessage: { cid: "c", msg: "hi" } });
    expect((await client.next()).command).toMatchObject({ cmd: CommandType.ack, i: 4, ackMessage: { code: 4105, reason: "SESSION_REQUIRED" } });
  });
});

describe("timeouts", () => {
  it("closes with 4108 when no session opens in time", async () => {
    const server = await start({ loginTimeoutMs: 150 });
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    expect(await client.closed).toEqual({ code: 4108, reason: "LOGIN_TIMEOUT" });
  });

  it("answers a command whose storage work outlives commandDeadlineMs with 4301", async () => {
    const server = await start({
      commandDeadlineMs: 200,
      handlers: {
        report: {
          requiresSession: false,
          handle: ({ services }) => services.core.uow.run(() => new Promise<never>(() => {})), // storage never answers
        },
      },
    });
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    const started = Date.now();
    sendBinary(client, { cmd: CommandType.report, i: 7 });
    const { command } = await client.next();
    expect(command).toMatchObject({ cmd: CommandType.error, i: 7, errorMessage: { code: 4301, reason: "CONVERSATION_API_FAILED" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("closes with 4107 after the read-idle timeout; frames postpone it", async () => {
    const server = await start({ idleTimeoutMs: 300 });
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    sendBinary(client, openCmd());
    await client.next();
    const started = Date.now();
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 200));
      sendBinary(client, { cmd: CommandType.echo, i: 10 + n });
      await client.next();
    }
    expect(await client.closed).toEqual({ code: 4107, reason: "READ_TIMEOUT" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    await expect.poll(() => server.hub.isOnline(appId, "alice")).toBe(false);
  });
});

describe("shutdown", () => {
  it("pushes goaway, refuses new sockets while draining, then closes with 1001", async () => {
    const server = await start();
    const client = await connect(server.wsUrl, "lc.protobuf2.3");
    const closing = server.close({ graceMs: 300 });
    expect((await client.next()).command).toEqual({ cmd: CommandType.goaway });
    await expect(connect(server.wsUrl, "lc.protobuf2.3")).rejects.toThrow();
    expect((await client.closed).code).toBe(1001);
    await closing;
  });
});
