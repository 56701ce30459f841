// Load-generator agent: a child process holding many wire-protocol clients, driven over IPC by
// bench/run.ts. Roles per request: connect clients, create conversations, join, send at a paced
// rate (open loop), receive and time deliveries, run history queries.
import { performance } from "node:perf_hooks";
import { CommandType, OpType } from "../src/protocol/constants.js";
import { Histogram, type SparseHistogram } from "./lib/histogram.js";
import { ReplyError, RequestTimeoutError, WireClient, mapLimit, replyFailure } from "./lib/wire-client.js";
import { decodeCommand } from "../src/protocol/codec.js";

export type AgentRequest =
  | { op: "connect"; url: string; appId: string; ids: string[]; concurrency: number; ack: boolean }
  | { op: "startConv"; from: string; members: string[]; transient?: boolean; unique?: boolean }
  | { op: "startPairs"; pairs: Array<[string, string]>; concurrency: number }
  | { op: "join"; cid: string; concurrency: number }
  | { op: "recvStart" }
  | { op: "recvMark" }
  | { op: "recvStop" }
  | { op: "send"; plan: Array<{ from: string; cid: string }>; rate: number; seconds: number; drainMs: number; pad: number }
  | { op: "echoProbe"; seconds: number; intervalMs: number }
  | { op: "logs"; cids: string[]; tMin: number; tMax: number; seconds: number; concurrency: number; limit: number }
  | { op: "close" };

export interface Stats {
  count: number;
  hist: SparseHistogram;
  max: number;
  errors: Record<string, number>;
}

const now = (): number => performance.timeOrigin + performance.now();
const MARKER = Buffer.from('"_lctext":"B|');
const PIPE = "|".charCodeAt(0);

const clients = new Map<string, WireClient>();
const recvHist = new Histogram();
let recvCount = 0;
let closes = 0;
let ackEnabled = false;
const ackDue = new Set<string>();
const errors: Record<string, number> = {};
const bump = (key: string, n = 1): void => {
  errors[key] = (errors[key] ?? 0) + n;
};

// Once a second every client may send one delivery ack (the SDK batches acks per conversation per second).
setInterval(() => {
  if (ackEnabled) for (const id of clients.keys()) ackDue.add(id);
}, 1000).unref();

function onFrame(id: string, frame: Buffer): boolean {
  const at = frame.indexOf(MARKER);
  if (at < 0) return false;
  const start = at + MARKER.length;
  const end = frame.indexOf(PIPE, start);
  const sentAt = Number(frame.toString("latin1", start, end));
  recvCount += 1;
  recvHist.record(now() - sentAt);
  if (ackEnabled && ackDue.delete(id)) {
    const d = decodeCommand(frame, { maxBytes: 1 << 20 }).directMessage;
    const client = clients.get(id);
    if (d?.cid && d.timestamp && !d.transient && client) {
      // Like the v5 SDK with one client per connection: no peerId (the server then shares one push frame).
      client.send({ cmd: CommandType.ack, ackMessage: { cid: d.cid, fromts: d.timestamp, tots: d.timestamp } });
    }
  }
  return true;
}

function errorKey(err: unknown): string {
  if (err instanceof ReplyError) return `E${err.code}`;
  if (err instanceof RequestTimeoutError) return "timeout";
  return err instanceof Error ? err.message.slice(0, 40) : "error";
}

async function connect(r: Extract<AgentRequest, { op: "connect" }>): Promise<unknown> {
  ackEnabled = r.ack;
  const started = now();
  let failed = 0;
  await mapLimit(r.ids, r.concurrency, async (id) => {
    try {
      const client = await WireClient.connect(r.url, { onRaw: (f) => onFrame(id, f) });
      await client.open(r.appId, id);
      clients.set(id, client);
      void client.closed.then(() => {
        if (clients.get(id) === client) closes += 1;
      });
    } catch (err) {
      failed += 1;
      bump(`connect:${errorKey(err)}`);
    }
  });
  return { ms: now() - started, failed };
}

function client(id: string): WireClient {
  const c = clients.get(id);
  if (!c) throw new Error(`no client ${id} in this agent`);
  return c;
}

async function startConv(from: string, members: string[], transient = false, unique = false): Promise<string> {
  const reply = await client(from).request(
    { cmd: CommandType.conv, op: OpType.start, peerId: from, convMessage: { m: members, transient, unique } },
    60_000,
  );
  return reply.convMessage!.cid!;
}

async function join(r: Extract<AgentRequest, { op: "join" }>): Promise<unknown> {
  const started = now();
  const hist = new Histogram();
  let failed = 0;
  await mapLimit([...clients.keys()], r.concurrency, async (id) => {
    const t = now();
    try {
      await client(id).request({ cmd: CommandType.conv, op: OpType.add, peerId: id, convMessage: { cid: r.cid, m: [id] } }, 60_000);
      hist.record(now() - t);
    } catch (err) {
      failed += 1;
      bump(`join:${errorKey(err)}`);
    }
  });
  return { ms: now() - started, failed, p50: hist.percentile(50), p99: hist.percentile(99) };
}

async function send(r: Extract<AgentRequest, { op: "send" }>): Promise<unknown> {
  const ackHist = new Histogram();
  const errs: Record<string, number> = {};
  let sent = 0;
  let acked = 0;
  let next = 0;
  const inflight = new Set<Promise<void>>();
  const pad = "x".repeat(r.pad);
  const sendOne = (): void => {
    const entry = r.plan[next++ % r.plan.length]!;
    const c = clients.get(entry.from);
    if (!c?.isOpen) {
      errs.closed = (errs.closed ?? 0) + 1;
      return;
    }
    const t = now();
    const msg = `{"_lctype":-1,"_lctext":"B|${t.toFixed(3)}|${pad}"}`;
    const p = c
      .requestRaw({ cmd: CommandType.direct, peerId: entry.from, directMessage: { cid: entry.cid, msg } })
      .then(
        (reply) => {
          const failure = replyFailure(reply);
          if (failure) errs[`E${failure.code}`] = (errs[`E${failure.code}`] ?? 0) + 1;
          else {
            acked += 1;
            ackHist.record(now() - t);
          }
        },
        (err: unknown) => {
          const k = errorKey(err);
          errs[k] = (errs[k] ?? 0) + 1;
        },
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
    sent += 1;
  };
  const started = now();
  const total = Math.round(r.rate * r.seconds);
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = (now() - started) / 1000;
      const due = Math.min(total, Math.floor(r.rate * elapsed));
      while (sent < due) sendOne();
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  const sendMs = now() - started;
  await Promise.race([Promise.allSettled([...inflight]), new Promise((res) => setTimeout(res, r.drainMs))]);
  return { sent, acked, sendMs, unanswered: inflight.size, errors: errs, ackHist: ackHist.toSparse(), ackMax: ackHist.max };
}

/** Closed-loop history queries: `concurrency` workers, each on its own client, for `seconds`. */
async function logs(r: Extract<AgentRequest, { op: "logs" }>): Promise<unknown> {
  const hist = new Histogram();
  const errs: Record<string, number> = {};
  const ids = [...clients.keys()].slice(0, r.concurrency);
  const deadline = now() + r.seconds * 1000;
  let queries = 0;
  let items = 0;
  await Promise.all(
    ids.map(async (id) => {
      const c = client(id);
      while (now() < deadline) {
        const cid = r.cids[Math.floor(Math.random() * r.cids.length)]!;
        const t = Math.floor(r.tMin + Math.random() * (r.tMax - r.tMin));
        const started = now();
        try {
          const reply = await c.request({ cmd: CommandType.logs, peerId: id, logsMessage: { cid, l: r.limit, t } });
          hist.record(now() - started);
          queries += 1;
          items += reply.logsMessage?.logs?.length ?? 0;
        } catch (err) {
          const k = errorKey(err);
          errs[k] = (errs[k] ?? 0) + 1;
        }
      }
    }),
  );
  return { queries, items, errors: errs, hist: hist.toSparse(), max: hist.max };
}

/** Heartbeat round trips from one extra client: an outside view of event-loop stalls. */
async function echoProbe(r: Extract<AgentRequest, { op: "echoProbe" }>): Promise<unknown> {
  const c = clients.values().next().value;
  if (!c) return { count: 0 };
  const hist = new Histogram();
  const deadline = now() + r.seconds * 1000;
  while (now() < deadline) {
    const t = now();
    try {
      await c.request({ cmd: CommandType.echo }, 5000);
      hist.record(now() - t);
    } catch {
      hist.record(5000);
    }
    await new Promise((res) => setTimeout(res, r.intervalMs));
  }
  return { count: hist.count, p50: hist.percentile(50), p99: hist.percentile(99), max: hist.max };
}

async function handle(r: AgentRequest): Promise<unknown> {
  switch (r.op) {
    case "connect":
      return connect(r);
    case "startConv":
      return { cid: await startConv(r.from, r.members, r.transient, r.unique) };
    case "startPairs":
      return { cids: await mapLimit(r.pairs, r.concurrency, ([a, b]) => startConv(a, [b], false, true)) };
    case "join":
      return join(r);
    case "recvStart":
      recvHist.reset();
      recvCount = 0;
      for (const k of Object.keys(errors)) delete errors[k];
      return {};
    case "recvMark":
      return { count: recvCount };
    case "recvStop":
      return { count: recvCount, hist: recvHist.toSparse(), max: recvHist.max, errors: { ...errors }, closes } satisfies Stats & { closes: number };
    case "send":
      return send(r);
    case "echoProbe":
      return echoProbe(r);
    case "logs":
      return logs(r);
    case "close":
      await Promise.all([...clients.values()].map((c) => Promise.race([c.close(), new Promise((res) => setTimeout(res, 2000))])));
      clients.clear();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on("message", (message: { id: number; request: AgentRequest }) => {
  handle(message.request).then(
    (result) => process.send?.({ id: message.id, result }),
    (err: unknown) => process.send?.({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on("disconnect", () => process.exit(0));
