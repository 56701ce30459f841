// Slow readers, slowloris and floods against a real server with short limits (server options).
// Each case also checks that a legitimate client beside the abuser keeps its latency.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandType } from "../../src/protocol/constants.js";
import { DEFAULT_UPGRADE_TIMEOUT_MS } from "../../src/server.js";
import { sharedTestDatabase, startTestRealtimeServer, type TestRealtimeServer } from "../../src/testing/index.js";
import { FULL, ReplyError, WireClient, login, mapLimit, sleep, startConversation, waitUntil } from "./support.js";

const LOGIN_TIMEOUT_MS = 500;
const MAX_OUTBOUND = 1024 * 1024;

let t: TestRealtimeServer;
let appId: string;

beforeAll(async () => {
  t = await startTestRealtimeServer({
    app: { id: "abuse", settings: { limits: { sendsPerMinute: 600, historyQueriesPerMinute: 100_000, messageBytes: 5120 } } },
    server: { loginTimeoutMs: LOGIN_TIMEOUT_MS, maxOutboundBufferBytes: MAX_OUTBOUND, maxPendingCommands: 64 },
  });
  appId = t.app.id;
});
afterAll(() => t?.close());

/** Echo round trips of a legitimate client: p99 in ms over `n` sequential requests. */
async function echoP99(client: WireClient, n = 50): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await client.request({ cmd: CommandType.echo });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.ceil(n * 0.99) - 1)]!;
}

describe("slow readers", () => {
  it("closes a client that never reads once its outbound buffer passes 1 MiB; others keep their latency", async () => {
    const legit = await login(t.server.wsUrl, appId, "legit-reader");
    const baseline = await echoP99(legit);

    const slowCount = FULL ? 20 : 3;
    const slow = await mapLimit(Array.from({ length: slowCount }, (_, i) => `slow-${i}`), 5, (id) => login(t.server.wsUrl, appId, id));
    const cid = await startConversation(slow[0]!, [...slow.slice(1).map((_, i) => `slow-${i + 1}`), "legit-reader"]);
    // ~1,000 stored messages of 4 KB: each history page is a ~4 MB reply.
    const body = "x".repeat(4000);
    const { sql } = await sharedTestDatabase();
    await sql`
      insert into messages (conversation_id, timestamp, id, from_client, content_text, mention_all, mention_pids, receipt, recalled)
      select ${cid}, 1000 + g, 'slow' || g, 'slow-0', ${body} || g, false, '{}', false, false from generate_series(1, 1000) g`;

    // The slow clients stop reading, then ask for far more than 1 MiB of history each.
    for (const c of slow) {
      const socket = (c.ws as unknown as { _socket: net.Socket })._socket;
      socket.pause();
      for (let i = 0; i < 8; i++) c.send({ cmd: CommandType.logs, i: 100 + i, logsMessage: { cid, l: 1000 } });
    }
    const sessions = () => slow.flatMap((_, i) => [...t.server.hub.sessionsOf(appId, `slow-${i}`)]);
    const peak = { buffered: 0 };
    const closedAll = await waitUntil(() => {
      for (const s of sessions()) peak.buffered = Math.max(peak.buffered, s.connection.transport.bufferedAmount());
      return sessions().every((s) => !s.connection.isOpen);
    }, 10_000, 10);
    expect(closedAll).toBe(true);
    // Bounded: the buffer stops growing at the limit plus the frame that crossed it.
    expect(peak.buffered).toBeLessThan(MAX_OUTBOUND + 5 * 1024 * 1024);

    const during = await echoP99(legit);
    // A guard against starvation (seconds), not a speed goal: speed is measured by `pnpm bench`.
    expect(during).toBeLessThan(Math.max(500, baseline * 20));

    // Once it reads again, the client sees the documented close code (1013 try again later).
    for (const c of slow) (c.ws as unknown as { _socket: net.Socket })._socket.resume();
    const closes = await Promise.all(slow.map((c) => Promise.race([c.closed, sleep(35_000).then(() => ({ code: -1, reason: "no close" }))])));
    expect(closes.map((c) => c.code)).toEqual(slow.map(() => 1013));
    await legit.close();
  }, 90_000);
});

describe("slowloris", () => {
  it("closes upgraded sockets that never open a session within loginTimeoutMs (4108)", async () => {
    const legit = await login(t.server.wsUrl, appId, "legit-loris");
    const idle = await mapLimit(Array.from({ length: FULL ? 500 : 50 }, (_, i) => i), 25, () => WireClient.connect(t.server.wsUrl));
    const started = Date.now();
    const closes = await Promise.all(idle.map((c) => c.closed));
    expect(Date.now() - started).toBeLessThan(LOGIN_TIMEOUT_MS + 2_000);
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([4108]));
    expect(legit.isOpen).toBe(true);
    expect(await echoP99(legit, 20)).toBeLessThan(100);
    await legit.close();
  });

  // With the default upgradeTimeoutMs: the requirement holds as shipped.
  it("cuts off a trickled (never-finished) upgrade request within 5 s", async () => {
    const legit = await login(t.server.wsUrl, appId, "legit-trickle");
    const port = t.server.port;
    const socket = net.connect(port, "127.0.0.1");
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: lc.protobuf2.3\r\n`;
    let closedAt = 0;
    socket.on("close", () => (closedAt = Date.now()));
    socket.on("error", () => undefined);
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const connectedAt = Date.now();
    let i = 0;
    const timer = setInterval(() => {
      if (i < request.length && !closedAt) socket.write(request[i++]!);
    }, 50);
    // Meanwhile a complete upgrade and a logged-in client are not affected.
    const other = await WireClient.connect(t.server.wsUrl);
    expect(other.isOpen).toBe(true);
    await other.close();
    const cut = await waitUntil(() => closedAt > 0, 5_000);
    clearInterval(timer);
    socket.destroy();
    expect(cut).toBe(true);
    const cutAfter = closedAt - connectedAt;
    console.log(`trickled upgrade cut off after ${cutAfter} ms (upgradeTimeoutMs ${DEFAULT_UPGRADE_TIMEOUT_MS})`);
    expect(cutAfter).toBeGreaterThanOrEqual(DEFAULT_UPGRADE_TIMEOUT_MS - 50);
    expect(cutAfter).toBeLessThan(5_000);
    expect(i).toBeLessThan(request.length); // still trickling: cut for being slow, not for being malformed
    expect(legit.isOpen).toBe(true);
    expect(await echoP99(legit, 20)).toBeLessThan(100);
    await legit.close();
  }, 15_000);
});

describe("floods", () => {
  it("limits one client far over its rate (4116) without slowing down the others", async () => {
    const flooder = await login(t.server.wsUrl, appId, "flooder");
    const legit = await login(t.server.wsUrl, appId, "legit-flood");
    const cid = await startConversation(flooder, ["legit-flood"]);
    const baseline = await echoP99(legit);

    const total = FULL ? 20_000 : 3_000;
    const codes = new Map<number, number>();
    const floods: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      floods.push(
        flooder.request({ cmd: CommandType.direct, directMessage: { cid, msg: `flood ${n}` } }, 30_000).then(
          () => void codes.set(0, (codes.get(0) ?? 0) + 1),
          (err: unknown) => {
            const code = err instanceof ReplyError ? err.code : -1;
            codes.set(code, (codes.get(code) ?? 0) + 1);
          },
        ),
      );
      if (n % 500 === 0) await sleep(0);
    }
    const during = await echoP99(legit);
    const legitSend = performance.now();
    await legit.request({ cmd: CommandType.direct, directMessage: { cid, msg: "legit during flood" } });
    const legitSendMs = performance.now() - legitSend;
    await Promise.all(floods);

    // At most the per-minute allowance (600) goes through; everything else is answered with 4116.
    expect(codes.get(-1) ?? 0).toBe(0);
    expect(codes.get(0) ?? 0).toBeLessThanOrEqual(600);
    expect((codes.get(4116) ?? 0) + (codes.get(0) ?? 0)).toBe(total);
    // A guard against starvation (seconds), not a speed goal: speed is measured by `pnpm bench`.
    expect(during).toBeLessThan(Math.max(500, baseline * 20));
    expect(legitSendMs).toBeLessThan(200);
    expect(flooder.isOpen).toBe(true);
  }, 60_000);
});
