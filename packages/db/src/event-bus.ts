import { randomBytes } from "node:crypto";
import type { DomainEvent, EventBus, EventHandler } from "@parley/core";
import type postgres from "postgres";
import { decodeJson, encodeJson } from "./json-codec.js";
import { textArray } from "./repositories/executor.js";

export interface CreatePgEventBusOptions {
  /** createDatabase()'s result: its pool sends NOTIFYs and its postgres.js client opens the LISTEN connection. */
  database: { sql: postgres.Sql };
  /** One channel per deployment (several deployments may share a server). Default "parley_events". */
  channel?: string;
  /** Payloads above this many bytes go through the event_payloads table (NOTIFY's limit is 8000). Default 7000. */
  maxNotifyBytes?: number;
  /** How long stored payloads are kept for slow listeners. Default 10 minutes. */
  payloadRetentionMs?: number;
  /** How often the listener checks, with a ping to itself, that it still receives. Default 10 s; 0 disables. */
  healthCheckMs?: number;
  /** Handler failures, lost payloads, reconnects. Default: console.error. */
  onError?: (error: unknown) => void;
  /** Called after LISTEN was re-established: notifications sent in the gap were missed. */
  onReconnect?: () => void;
}

export interface PgEventBus extends EventBus {
  /** Resolves once LISTEN is active (publishing works before that, but other processes' events may be missed). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** One NOTIFY: batches from one publisher, inline or by reference. */
interface Envelope {
  /** Origin bus id: a bus ignores its own notifications (it delivered them locally already). */
  o: string;
  /** Sequence number: PostgreSQL drops a NOTIFY identical to another in the same transaction. */
  s?: number;
  /** Batches, each one `publish` call. */
  b?: unknown[];
  /** Reference into event_payloads (its payload is `{"b": [...]}`). */
  r?: number;
  /** Health-check ping. */
  p?: string;
}

/**
 * EventBus over PostgreSQL LISTEN/NOTIFY. `publish` delivers the batch to this
 * process's subscribers directly and NOTIFYs it to every other process (batches
 * published together are packed into as few notifications as fit). Large
 * batches are stored in `event_payloads` and sent by id. Each subscriber gets
 * every batch once, in publish order per publisher.
 *
 * Delivery is at most once across processes: notifications sent while a
 * listener is disconnected are lost (onReconnect tells the app to resync).
 */
export function createPgEventBus(options: CreatePgEventBusOptions): PgEventBus {
  const { sql } = options.database;
  const channel = options.channel ?? "parley_events";
  const maxBytes = options.maxNotifyBytes ?? 7000;
  const retentionMs = options.payloadRetentionMs ?? 10 * 60_000;
  const healthCheckMs = options.healthCheckMs ?? 10_000;
  const onError = options.onError ?? ((e: unknown) => console.error("parley event bus:", e));
  const origin = randomBytes(8).toString("hex");

  // ---- subscribers: each has its own ordered delivery chain ------------------------------
  interface Subscriber {
    handler: EventHandler;
    chain: Promise<void>;
  }
  const subscribers = new Set<Subscriber>();
  const deliver = (batch: readonly DomainEvent[]): void => {
    for (const s of subscribers) {
      s.chain = s.chain.then(async () => {
        if (!subscribers.has(s)) return;
        try {
          await s.handler(batch);
        } catch (e) {
          onError(e);
        }
      });
    }
  };

  // ---- sending: queue, pack, one round trip per flush ------------------------------------
  let sendQueue: { text: string; done: () => void; fail: (e: unknown) => void }[] = [];
  let seq = 0;
  let sending = false;
  let lastCleanup = 0;
  let closed = false;

  const pack = async (texts: string[]): Promise<string[]> => {
    const payloads: string[] = [];
    let current: string[] = [];
    let size = 0;
    const overhead = Buffer.byteLength(JSON.stringify({ o: origin, s: Number.MAX_SAFE_INTEGER, b: [] }));
    const close = () => {
      if (current.length > 0) payloads.push(`{"o":"${origin}","s":${++seq},"b":[${current.join(",")}]}`);
      current = [];
      size = 0;
    };
    for (const text of texts) {
      const bytes = Buffer.byteLength(text);
      if (overhead + bytes > maxBytes) {
        close();
        const [row] = await sql<{ id: string }[]>`
          insert into event_payloads (channel, payload) values (${channel}, ${`{"b":[${text}]}`}) returning id`;
        payloads.push(JSON.stringify({ o: origin, s: ++seq, r: Number(row!.id) } satisfies Envelope));
        void cleanup();
        continue;
      }
      if (overhead + size + bytes + 1 > maxBytes) close();
      current.push(text);
      size += bytes + 1;
    }
    close();
    return payloads;
  };

  const cleanup = async (): Promise<void> => {
    const now = Date.now();
    if (now - lastCleanup < 60_000) return;
    lastCleanup = now;
    try {
      await sql`delete from event_payloads where created_at < now() - ${`${retentionMs} milliseconds`}::interval`;
    } catch (e) {
      onError(e);
    }
  };

  const pump = async (): Promise<void> => {
    if (sending) return;
    sending = true;
    try {
      while (sendQueue.length > 0) {
        const items = sendQueue;
        sendQueue = [];
        try {
          const payloads = await pack(items.map((i) => i.text));
          // One statement, notifications queued in array order.
          await sql`select pg_notify(${channel}, p) from unnest(${textArray(payloads)}::text[]) with ordinality as t(p, n) order by n`;
          for (const i of items) i.done();
        } catch (e) {
          for (const i of items) i.fail(e);
        }
      }
    } finally {
      sending = false;
    }
  };

  const publish = async (events: readonly DomainEvent[]): Promise<void> => {
    if (events.length === 0) return;
    if (closed) throw new Error("event bus is closed");
    deliver(events);
    const text = encodeJson(events);
    await new Promise<void>((done, fail) => {
      sendQueue.push({ text, done, fail });
      void pump();
    });
  };

  // ---- receiving -------------------------------------------------------------------------
  let receiveChain: Promise<void> = Promise.resolve();
  let generation = 0;
  let listener: { unlisten(): Promise<void> } | null = null;
  let pendingPing: { token: string; resolve: () => void } | null = null;
  let listening: Promise<void>;
  let firstListen = true;

  const onNotify = (gen: number) => (payload: string) => {
    if (gen !== generation) return; // a listener re-registered by postgres.js after we replaced it
    let envelope: Envelope;
    try {
      envelope = decodeJson<Envelope>(payload);
    } catch (e) {
      onError(e);
      return;
    }
    if (envelope.p !== undefined) {
      if (envelope.o === origin && pendingPing?.token === envelope.p) pendingPing.resolve();
      return;
    }
    if (envelope.o === origin) return;
    receiveChain = receiveChain.then(async () => {
      try {
        let batches: unknown;
        if (envelope.r !== undefined) {
          const [row] = await sql<{ payload: string }[]>`select payload from event_payloads where id = ${envelope.r}`;
          if (!row) throw new Error(`event payload ${envelope.r} is gone (listener too slow?)`);
          batches = decodeJson<{ b: unknown[] }>(row.payload).b;
        } else {
          batches = envelope.b ?? [];
        }
        for (const batch of batches as DomainEvent[][]) deliver(batch);
      } catch (e) {
        onError(e);
      }
    });
  };

  const listen = async (): Promise<void> => {
    const gen = ++generation;
    const old = listener;
    listener = null;
    if (old) await old.unlisten().catch(() => undefined);
    for (let attempt = 0; !closed; attempt++) {
      try {
        listener = await sql.listen(channel, onNotify(gen), () => {
          if (!firstListen && gen === generation) options.onReconnect?.();
          firstListen = false;
        });
        return;
      } catch (e) {
        if (attempt === 0) onError(e);
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  };
  listening = listen();

  // Watchdog: postgres.js re-listens after a dropped connection, but gives up silently if the
  // server is down at that moment. A ping we send to ourselves proves the path end to end.
  let timer: NodeJS.Timeout | null = null;
  const healthCheck = async (): Promise<void> => {
    if (closed) return;
    const token = randomBytes(6).toString("hex");
    const received = new Promise<void>((resolve) => (pendingPing = { token, resolve }));
    const ok = await sql`select pg_notify(${channel}, ${JSON.stringify({ o: origin, p: token } satisfies Envelope)})`.then(
      () => Promise.race([received.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]),
      () => false,
    );
    pendingPing = null;
    if (!ok && !closed) {
      firstListen = false;
      listening = listen();
      await listening;
    }
  };
  const scheduleHealthCheck = (): void => {
    if (healthCheckMs <= 0 || closed) return;
    timer = setTimeout(() => {
      void healthCheck()
        .catch(onError)
        .finally(scheduleHealthCheck);
    }, healthCheckMs);
    timer.unref();
  };
  scheduleHealthCheck();

  return {
    publish,
    subscribe(handler) {
      const s: Subscriber = { handler, chain: Promise.resolve() };
      subscribers.add(s);
      return () => {
        subscribers.delete(s);
      };
    },
    ready: () => listening,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      generation++;
      await listening.catch(() => undefined);
      if (listener) await listener.unlisten().catch(() => undefined);
      listener = null;
      await receiveChain;
      await Promise.all([...subscribers].map((s) => s.chain));
      subscribers.clear();
    },
  };
}
