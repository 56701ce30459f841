// Fuzzing the WebSocket edge with fast-check: random bytes and byte-level mutations of a valid
// instance of every command the SDK sends. 10^5 frames in CI, 10^6 with PARLEY_FAULT_FULL=1.
// Checks: the server neither crashes nor leaks an unhandled rejection; a frame that does not
// decode writes nothing (row counts) and is answered with an error (4201) or a documented close
// (4109 oversize); every decodable request (`i` set) gets a reply.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCommand, encodeCommand } from "../../src/protocol/codec.js";
import { CommandType, OpType } from "../../src/protocol/constants.js";
import type { GenericCommand, OutboundCommand } from "../../src/protocol/types.js";
import { sharedTestDatabase, startTestRealtimeServer, type TestRealtimeServer } from "../../src/testing/index.js";
import { FULL, WireClient, login, rowCounts, settledRowCounts, sleep, startConversation, waitUntil } from "./support.js";

const FRAMES = FULL ? 1_000_000 : 100_000;
const BATCH = 500;
const MAX_FRAME = 64 * 1024;

let t: TestRealtimeServer;
let appId: string;
let cid = "";
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  t = await startTestRealtimeServer({ app: { id: "fuzz" }, server: { maxFrameBytes: MAX_FRAME } });
  appId = t.app.id;
  const alice = await login(t.server.wsUrl, appId, "alice");
  cid = await startConversation(alice, ["bob"]);
  await alice.close();
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  await t?.close();
});

/** One valid instance of every command the SDK sends (protocol part 1 §3.5, part 2). */
function seeds(): OutboundCommand[] {
  const conv = (op: number, convMessage: OutboundCommand["convMessage"] = {}): OutboundCommand => ({ cmd: CommandType.conv, op, i: 7, convMessage });
  return [
    { cmd: CommandType.session, op: OpType.open, appId, peerId: "alice", i: 1, sessionMessage: { ua: "js/5.0.0-rc.8", r: false, configBitmap: 187, lastPatchTime: 1 } },
    { cmd: CommandType.session, op: OpType.refresh, i: 2, sessionMessage: { st: "token" } },
    { cmd: CommandType.session, op: OpType.query, i: 3, sessionMessage: { sessionPeerIds: ["bob", "carol"] } },
    { cmd: CommandType.echo, i: 4 },
    { cmd: CommandType.direct, i: 5, directMessage: { cid, msg: '{"_lctype":-1,"_lctext":"hi"}', r: true, mentionPids: ["bob"], mentionAll: false, dt: "uuid" } },
    { cmd: CommandType.ack, ackMessage: { cid, fromts: 1, tots: 2 } },
    { cmd: CommandType.read, readMessage: { convs: [{ cid, timestamp: 5, mid: "m" }] } },
    { cmd: CommandType.logs, i: 6, logsMessage: { cid, l: 20, t: Date.now(), direction: 1 } },
    conv(OpType.start, { m: ["bob"], unique: true, attr: { data: '{"name":"x"}' } }),
    conv(OpType.query, { where: { data: '{"objectId":"x"}' }, limit: 10, flag: 1 }),
    conv(OpType.update, { cid, attr: { data: '{"name":"y"}' } }),
    conv(OpType.add, { cid, m: ["carol"] }),
    conv(OpType.remove, { cid, m: ["carol"] }),
    conv(OpType.count, { cid }),
    conv(OpType.max_read, { cid }),
    conv(OpType.mute, { cid }),
    conv(OpType.add_shutup, { cid, m: ["bob"] }),
    conv(OpType.member_info_update, { cid, targetClientId: "bob", info: { pid: "bob", role: "Manager" } }),
    { cmd: CommandType.blacklist, op: OpType.block, i: 8, blacklistMessage: { srcCid: cid, toPids: ["bob"] } },
    { cmd: CommandType.patch, op: OpType.modify, i: 9, patchMessage: { patches: [{ cid, mid: "m", timestamp: 1, recall: true, data: "" }] } },
  ];
}

/** Random bytes, or a seed with bytes flipped / inserted / deleted / truncated / duplicated. */
function frameArbitrary(seedFrames: Buffer[]): fc.Arbitrary<Buffer> {
  const random = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => Buffer.from(b));
  const mutated = fc
    .tuple(
      fc.constantFrom(...seedFrames),
      fc.array(fc.tuple(fc.constantFrom("flip", "insert", "delete", "truncate", "dup", "varint"), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    )
    .map(([seed, edits]) => {
      let b = Buffer.from(seed);
      for (const [kind, at, value] of edits) {
        const p = b.length === 0 ? 0 : at % b.length;
        if (kind === "flip") b[p] = value;
        else if (kind === "insert") b = Buffer.concat([b.subarray(0, p), Buffer.from([value]), b.subarray(p)]);
        else if (kind === "delete") b = Buffer.concat([b.subarray(0, p), b.subarray(p + 1)]);
        else if (kind === "truncate") b = b.subarray(0, p);
        else if (kind === "dup") b = Buffer.concat([b, b.subarray(p)]);
        else b = Buffer.concat([b.subarray(0, p), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), b.subarray(p)]); // huge length prefix
      }
      return b;
    });
  return fc.oneof({ arbitrary: random, weight: 1 }, { arbitrary: mutated, weight: 3 });
}

function tryDecode(frame: Buffer): GenericCommand | null {
  try {
    return decodeCommand(frame, { maxBytes: MAX_FRAME });
  } catch {
    return null;
  }
}

describe(`fuzzing the wire protocol (${FRAMES.toLocaleString("en-US")} frames)`, () => {
  it("survives random and mutated frames: no crash, no unhandled rejection, no write from an undecodable frame, every bad frame answered", async () => {
    const seedFrames = seeds().map((c) => encodeCommand(c));
    const frames = fc.sample(frameArbitrary(seedFrames), { numRuns: Math.min(FRAMES, 20_000), seed: 42 });
    const { sql } = await sharedTestDatabase();

    let sent = 0;
    let invalid = 0;
    let invalidAnswered = 0;
    let requests = 0;
    let requestsAnswered = 0;
    const closes = new Map<number, number>();
    const unexpectedCloses: number[] = [];
    let invalidBatchesWithWrites = 0;
    let reconnects = 0;

    // The fuzz connection logs in (as a client would) so that mutated commands reach the handlers.
    const connect = async (): Promise<{ client: WireClient; replies: GenericCommand[] }> => {
      const replies: GenericCommand[] = [];
      const client = await WireClient.connect(t.server.wsUrl, { onPush: (c) => replies.push(c) });
      await client.open(appId, "alice");
      return { client, replies };
    };
    let conn = await connect();

    while (sent < FRAMES) {
      // Alternate batches: only undecodable frames (checked for writes), then decodable ones.
      const wantInvalid = (sent / BATCH) % 2 === 0;
      const batch: Buffer[] = [];
      for (let k = 0; batch.length < BATCH && k < BATCH * 20; k++) {
        const f = frames[(sent + k * 7919) % frames.length]!;
        const decoded = tryDecode(f);
        if (wantInvalid === (decoded === null)) batch.push(f);
      }
      // Barrier: commands run in order per connection, so an echo reply means every earlier
      // command (fire-and-forget ones included) has finished its writes.
      if (wantInvalid) await conn.client.request({ cmd: CommandType.echo }, 30_000).catch(() => undefined);
      const before = wantInvalid ? await settledRowCounts(sql, 150) : undefined;
      const expectedIds = new Set<number>();
      for (const f of batch) {
        const decoded = tryDecode(f);
        if (decoded?.i) expectedIds.add(decoded.i);
      }
      conn.replies.length = 0;
      for (const f of batch) conn.client.send(f);
      sent += batch.length;
      if (wantInvalid) {
        await waitUntil(() => !conn.client.isOpen || conn.replies.filter((r) => r.cmd === CommandType.error).length >= batch.length, 10_000, 5);
        invalid += batch.length;
        invalidAnswered += conn.replies.filter((r) => r.cmd === CommandType.error && r.errorMessage?.code === 4201).length;
        const after = await rowCounts(sql);
        if (JSON.stringify(before) !== JSON.stringify(after)) invalidBatchesWithWrites += 1;
      } else {
        // Replies to decodable requests: wait until every serial id seen (or the socket closed).
        await waitUntil(() => !conn.client.isOpen || [...expectedIds].every((i) => conn.replies.some((r) => r.i === i)), 15_000, 10);
        requests += expectedIds.size;
        requestsAnswered += [...expectedIds].filter((i) => conn.replies.some((r) => r.i === i)).length;
      }
      if (!conn.client.isOpen) {
        const info = await conn.client.closed;
        closes.set(info.code, (closes.get(info.code) ?? 0) + 1);
        // Documented closes: 4109 oversize frame, 4100/4110 app/origin refused on a mutated session/open, 1013 slow consumer.
        if (![4109, 4100, 4110, 1013, 1000].includes(info.code)) unexpectedCloses.push(info.code);
        if (!wantInvalid) {
          // Requests in flight when the socket closed are answered by the close itself.
          requestsAnswered = requests;
        }
        conn = await connect();
        reconnects += 1;
      }
      await sleep(0);
    }
    await conn.client.close();

    // The server is still healthy.
    const probe = await WireClient.connect(t.server.wsUrl);
    expect((await probe.request({ cmd: CommandType.echo })).cmd).toBe(CommandType.echo);
    await probe.close();

    expect({ unhandled: unhandled.length, unexpectedCloses, invalidBatchesWithWrites }).toEqual({ unhandled: 0, unexpectedCloses: [], invalidBatchesWithWrites: 0 });
    expect(invalidAnswered + [...closes.values()].reduce((s, n) => s + n, 0) * BATCH).toBeGreaterThanOrEqual(invalid);
    expect(requestsAnswered).toBe(requests);
    console.info(`fuzz: ${sent} frames (${invalid} undecodable, ${requests} decodable requests), closes ${JSON.stringify(Object.fromEntries(closes))}, reconnects ${reconnects}`);
  }, FULL ? 3_600_000 : 240_000);
});
