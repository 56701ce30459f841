import { describe, expect, it } from "vitest";
import { encodeCommand } from "../protocol/codec.js";
import { CommandType, OpType } from "../protocol/constants.js";
import type { CommandHandler } from "../handlers/types.js";
import { createHandlerTestKit } from "../testing/index.js";

const openFrame = (appId: string) => encodeCommand({ cmd: CommandType.session, op: OpType.open, appId, peerId: "alice", i: 1, sessionMessage: {} });

describe("Connection", () => {
  it("handles commands of one connection strictly in order", async () => {
    const order: number[] = [];
    const slowThenFast: CommandHandler = {
      requiresSession: false,
      async handle({ command }) {
        if (command.i === 1) await new Promise((r) => setTimeout(r, 30));
        order.push(command.i ?? 0);
        return { cmd: CommandType.report };
      },
    };
    const kit = await createHandlerTestKit({ handlers: { report: slowThenFast } });
    const { connection, transport } = kit.connect();
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 1 }), true);
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 2 }), true);
    await expect.poll(() => transport.sent.length).toBe(2);
    expect(order).toEqual([1, 2]);
    expect(transport.sent.map((c) => c.i)).toEqual([1, 2]);
  });

  it("answers 4116 when too many commands are queued", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const blocked: CommandHandler = { requiresSession: false, handle: async () => gate.then(() => ({ cmd: CommandType.report })) };
    const kit = await createHandlerTestKit({ handlers: { report: blocked }, limits: { maxPendingCommands: 2 } });
    const { connection, transport } = kit.connect();
    for (let i = 1; i <= 3; i++) connection.receive(encodeCommand({ cmd: CommandType.report, i }), true);
    expect(transport.sent).toEqual([
      { cmd: CommandType.error, i: 3, errorMessage: { code: 4116, reason: "MESSAGE_SENT_QUOTA_EXCEEDED", detail: "Command sent too fast." } },
    ]);
    release();
    await expect.poll(() => transport.sent.length).toBe(3);
  });

  it("closes a slow consumer whose outbound buffer is over the limit", async () => {
    const kit = await createHandlerTestKit({ limits: { maxOutboundBufferBytes: 1000 } });
    const { connection, transport } = kit.connect();
    connection.receive(openFrame(kit.appId), true);
    await expect.poll(() => transport.sent.length).toBe(2); // opened + unread
    transport.buffered = 5000;
    kit.core.hub.push(kit.appId, ["alice"], { cmd: CommandType.presence });
    expect(transport.closed).toEqual({ code: 1013, reason: "SLOW_CONSUMER" });
    await expect.poll(() => kit.core.hub.isOnline(kit.appId, "alice")).toBe(false);
  });

  it("ignores frames after close and never throws on garbage", async () => {
    const kit = await createHandlerTestKit();
    const { connection, transport } = kit.connect();
    connection.receive(Buffer.from("garbage"), false);
    connection.receive(Buffer.from([0x08]), true);
    expect(transport.sent.every((c) => c.cmd === CommandType.error)).toBe(true);
    connection.close(1000, "bye");
    connection.receive(openFrame(kit.appId), true);
    await new Promise((r) => setTimeout(r, 10));
    expect(transport.sent.some((c) => c.op === OpType.opened)).toBe(false);
  });
});

describe("Connection push ordering", () => {
  it("holds pushes produced while a command is handled until its reply is written", async () => {
    const pushing: CommandHandler = {
      requiresSession: false,
      async handle({ connection, services }) {
        services.hub.pushToSessions(connection.sessions.values(), { cmd: CommandType.presence });
        await new Promise((r) => setTimeout(r, 10));
        return { cmd: CommandType.report };
      },
    };
    const kit = await createHandlerTestKit({ handlers: { report: pushing } });
    const { connection, transport } = kit.connect();
    connection.receive(openFrame(kit.appId), true);
    await expect.poll(() => transport.sent.length).toBe(2); // opened + unread
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 2 }), true);
    await expect.poll(() => transport.sent.length).toBe(4);
    expect(transport.sent.slice(2).map((c) => c.cmd)).toEqual([CommandType.report, CommandType.presence]);
    kit.core.hub.push(kit.appId, ["alice"], { cmd: CommandType.presence });
    expect(transport.sent).toHaveLength(5); // idle: written at once
  });
});
