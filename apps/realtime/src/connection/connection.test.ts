import { describe, expect, it } from "vitest";
import { encodeCommand } from "../protocol/codec.js";
import { CommandType, OpType } from "../protocol/constants.js";
import type { CommandHandler } from "../handlers/types.js";
import { DEFAULT_CONNECTION_LIMITS } from "../realtime-core.js";
import { createHandlerTestKit, createRecordingTransport, type HandlerTestKit } from "../testing/index.js";
import { COMMAND_ABANDON_GRACE_MS, Connection } from "./connection.js";

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

describe("Connection pipelining of direct", () => {
  const directFrame = (i: number) => encodeCommand({ cmd: CommandType.direct, i, directMessage: { cid: "c", msg: `m${i}` } });
  /** `direct` handler whose i-th request finishes after delays[i] ms; records how many ran at once. */
  function delayedDirect(delays: Record<number, number>, stats: { active: number; maxActive: number; finished: number[] }): CommandHandler {
    return {
      requiresSession: false,
      async handle({ command }) {
        stats.active += 1;
        stats.maxActive = Math.max(stats.maxActive, stats.active);
        await new Promise((r) => setTimeout(r, delays[command.i ?? 0] ?? 0));
        stats.active -= 1;
        stats.finished.push(command.i ?? 0);
        return { cmd: CommandType.ack, ackMessage: { uid: `u${command.i}`, t: command.i } };
      },
    };
  }

  it("handles directs concurrently but answers them in request order", async () => {
    const stats = { active: 0, maxActive: 0, finished: [] as number[] };
    const kit = await createHandlerTestKit({ handlers: { direct: delayedDirect({ 1: 40, 2: 20, 3: 0 }, stats) } });
    const { connection, transport } = kit.connect();
    for (let i = 1; i <= 3; i++) connection.receive(directFrame(i), true);
    await expect.poll(() => transport.sent.length).toBe(3);
    expect(stats.maxActive).toBe(3);
    expect(stats.finished).toEqual([3, 2, 1]);
    expect(transport.sent.map((c) => c.i)).toEqual([1, 2, 3]);
  });

  it("caps concurrent directs per connection", async () => {
    const stats = { active: 0, maxActive: 0, finished: [] as number[] };
    const kit = await createHandlerTestKit({
      handlers: { direct: delayedDirect({}, stats) },
      limits: { maxConcurrentDirects: 2 },
    });
    const { connection, transport } = kit.connect();
    for (let i = 1; i <= 6; i++) connection.receive(directFrame(i), true);
    await expect.poll(() => transport.sent.length).toBe(6);
    expect(stats.maxActive).toBe(2);
    expect(transport.sent.map((c) => c.i)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("runs a non-direct command only after earlier directs, and later directs after it", async () => {
    const stats = { active: 0, maxActive: 0, finished: [] as number[] };
    const events: string[] = [];
    const report: CommandHandler = {
      requiresSession: false,
      async handle({ command }) {
        events.push(`report ${command.i} start, ${stats.active} directs active`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`report ${command.i} end, ${stats.active} directs active`);
        return { cmd: CommandType.report };
      },
    };
    const kit = await createHandlerTestKit({ handlers: { direct: delayedDirect({ 1: 30, 2: 10, 4: 0 }, stats), report } });
    const { connection, transport } = kit.connect();
    connection.receive(directFrame(1), true);
    connection.receive(directFrame(2), true);
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 3 }), true);
    connection.receive(directFrame(4), true);
    await expect.poll(() => transport.sent.length).toBe(4);
    expect(transport.sent.map((c) => c.i)).toEqual([1, 2, 3, 4]);
    expect(events).toEqual(["report 3 start, 0 directs active", "report 3 end, 0 directs active"]);
    expect(stats.finished).toEqual([2, 1, 4]);
  });

  it("keeps error replies of failed directs in request order", async () => {
    const failing: CommandHandler = {
      requiresSession: false,
      errorsAsAck: true,
      async handle({ command }) {
        if (command.i === 1) {
          await new Promise((r) => setTimeout(r, 20));
          return { cmd: CommandType.ack, ackMessage: { uid: "u1", t: 1 } };
        }
        throw new Error("boom");
      },
    };
    const kit = await createHandlerTestKit({ handlers: { direct: failing } });
    const { connection, transport } = kit.connect();
    connection.receive(directFrame(1), true);
    connection.receive(directFrame(2), true);
    await expect.poll(() => transport.sent.length).toBe(2);
    expect(transport.sent.map((c) => [c.i, c.ackMessage?.uid ?? c.ackMessage?.code])).toEqual([
      [1, "u1"],
      [2, 4200],
    ]);
  });
});

describe("Connection load shedding", () => {
  it("refuses a command that waited in the queue past the deadline", async () => {
    const handled: number[] = [];
    const slow: CommandHandler = {
      requiresSession: false,
      async handle({ command }) {
        handled.push(command.i ?? 0);
        if (command.i === 1) await new Promise((r) => setTimeout(r, 60));
        return { cmd: CommandType.report };
      },
    };
    const kit = await createHandlerTestKit({ handlers: { report: slow, direct: slow }, limits: { queueDeadlineMs: 30 } });
    const { connection, transport } = kit.connect();
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 1 }), true);
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 2 }), true);
    connection.receive(encodeCommand({ cmd: CommandType.direct, i: 3, directMessage: { cid: "c", msg: "x" } }), true);
    await expect.poll(() => transport.sent.length).toBe(3);
    expect(handled).toEqual([1]);
    expect(transport.sent[0]).toMatchObject({ cmd: CommandType.report, i: 1 });
    expect(transport.sent[1]).toMatchObject({ cmd: CommandType.error, i: 2, errorMessage: { code: 4116 } });
    expect(transport.sent[2]).toMatchObject({ cmd: CommandType.ack, i: 3, ackMessage: { code: 4116 } });
    // Later commands are handled normally again.
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 4 }), true);
    await expect.poll(() => transport.sent.length).toBe(4);
    expect(handled).toEqual([1, 4]);
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

describe("Connection command deadline", () => {
  const directFrame = (i: number) => encodeCommand({ cmd: CommandType.direct, i, directMessage: { cid: "c", msg: `m${i}` } });
  /** A connection of `kit` whose commands have `commandDeadlineMs`. */
  function connectWithDeadline(kit: HandlerTestKit, commandDeadlineMs: number) {
    const transport = createRecordingTransport();
    const connection = new Connection(transport, {
      ...DEFAULT_CONNECTION_LIMITS,
      commandDeadlineMs,
      dispatch: kit.core.dispatch,
      onClosed: () => {},
      logger: kit.logger,
    });
    return { connection, transport };
  }
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };

  it("answers a send still waiting for storage at its deadline with 4301; its unit of work can no longer be used", async () => {
    const stuck = gate();
    const afterwards = gate();
    let lateUse: unknown;
    const waitsForStorage: CommandHandler = {
      requiresSession: false,
      errorsAsAck: true,
      async handle({ services }) {
        await services.core.uow.run(async (tx) => {
          await tx.apps.get("nope"); // storage answered once…
          await stuck.opened; // …then stops answering
          try {
            await tx.apps.get("nope");
          } catch (e) {
            lateUse = e;
            throw e;
          } finally {
            afterwards.open();
          }
        });
        return { cmd: CommandType.ack, ackMessage: { uid: "u1", t: 1 } };
      },
    };
    const kit = await createHandlerTestKit({ handlers: { direct: waitsForStorage } });
    const { connection, transport } = connectWithDeadline(kit, 200);
    const started = performance.now();
    connection.receive(directFrame(1), true);
    await expect.poll(() => transport.sent.length).toBe(1);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_000);
    expect(transport.sent[0]).toMatchObject({ cmd: CommandType.ack, i: 1, ackMessage: { code: 4301, reason: "CONVERSATION_API_FAILED" } });
    expect(transport.sent[0]!.ackMessage?.uid).toBeUndefined();
    stuck.open();
    await afterwards.opened;
    expect(lateUse).toMatchObject({ code: 4301 }); // the deadline error: nothing after it reaches the database
    expect(transport.sent).toHaveLength(1);
    // The connection goes on normally.
    connection.receive(encodeCommand({ cmd: CommandType.echo, i: 2 }), true);
    await expect.poll(() => transport.sent.length).toBe(2);
  });

  it("counts the deadline from arrival, queueing included", async () => {
    const slow: CommandHandler = {
      requiresSession: false,
      errorsAsAck: true,
      handle: ({ services }) =>
        services.core.uow.run(async () => {
          await new Promise((r) => setTimeout(r, 150));
          return { cmd: CommandType.ack, ackMessage: { uid: "u", t: 1 } };
        }),
    };
    const kit = await createHandlerTestKit({ handlers: { direct: slow, report: slow } });
    const { connection, transport } = connectWithDeadline(kit, 250);
    connection.receive(encodeCommand({ cmd: CommandType.report, i: 1 }), true); // runs alone: 150 ms
    connection.receive(directFrame(2), true); // waits 150 ms, then has 100 ms left for 150 ms of work
    await expect.poll(() => transport.sent.length).toBe(2);
    expect(transport.sent.map((c) => [c.i, c.ackMessage?.uid ?? c.ackMessage?.code])).toEqual([
      [1, "u"],
      [2, 4301],
    ]);
  });

  it(
    "stops waiting for a command still running after deadline + grace (its commit in flight): no failure reply, later replies flow, its real reply comes late",
    async () => {
      const commit = gate();
      const committing: CommandHandler = {
        requiresSession: false,
        errorsAsAck: true,
        async handle({ command }) {
          if (command.i === 1) await commit.opened; // ignores the signal, as a commit in flight does
          return { cmd: CommandType.ack, ackMessage: { uid: `u${command.i}`, t: 1 } };
        },
      };
      const kit = await createHandlerTestKit({ handlers: { direct: committing } });
      const { connection, transport } = connectWithDeadline(kit, 100);
      connection.receive(directFrame(1), true);
      connection.receive(directFrame(2), true); // done at once, its reply held behind 1's
      await new Promise((r) => setTimeout(r, 100 + COMMAND_ABANDON_GRACE_MS / 2));
      expect(transport.sent).toEqual([]); // the deadline passed, but no failure: the outcome is unknown
      await expect.poll(() => transport.sent.length, { timeout: COMMAND_ABANDON_GRACE_MS * 2 }).toBe(1);
      expect(transport.sent[0]).toMatchObject({ cmd: CommandType.ack, i: 2, ackMessage: { uid: "u2" } });
      commit.open();
      await expect.poll(() => transport.sent.length).toBe(2);
      expect(transport.sent[1]).toMatchObject({ cmd: CommandType.ack, i: 1, ackMessage: { uid: "u1" } });
    },
    10_000,
  );
});

describe("Dispatcher and storage timeouts", () => {
  /** What @parley/db's unit of work throws when a deadline passes (matched by name and `committed`). */
  const storageTimeout = (committed: false | "unknown") =>
    Object.assign(new Error(`storage timeout (${String(committed)})`), { name: "UnitOfWorkTimeoutError", committed });

  it("answers 4301 when the unit of work was rolled back (committed: false), and nothing when the commit's outcome is unknown", async () => {
    const failing: CommandHandler = {
      requiresSession: false,
      errorsAsAck: true,
      async handle({ command }) {
        throw storageTimeout(command.i === 1 ? false : "unknown");
      },
    };
    const kit = await createHandlerTestKit({ handlers: { direct: failing } });
    const { connection, transport } = kit.connect();
    connection.receive(encodeCommand({ cmd: CommandType.direct, i: 1, directMessage: { cid: "c", msg: "a" } }), true);
    connection.receive(encodeCommand({ cmd: CommandType.direct, i: 2, directMessage: { cid: "c", msg: "b" } }), true);
    connection.receive(encodeCommand({ cmd: CommandType.echo, i: 3 }), true);
    await expect.poll(() => transport.sent.length).toBe(2);
    expect(transport.sent[0]).toMatchObject({ cmd: CommandType.ack, i: 1, ackMessage: { code: 4301, reason: "CONVERSATION_API_FAILED" } });
    expect(transport.sent[1]).toMatchObject({ cmd: CommandType.echo, i: 3 });
  });
});
