// The service-conversation webhook (protocol part 3, §5.5): what subscribers send to an app's
// service conversations is POSTed, in batches, as JSON arrays of `_SysMessage`-shaped records to
// the app's `serviceWebhookUrl`.
//
// Delivery is at least once and survives restarts: the queue is the stored messages themselves
// behind a per-app cursor in the database (@parley/db createServiceWebhookStore), moved only after
// the receiver answered 2xx. Any number of realtime nodes may run this loop: the locked cursor
// row lets one of them send an app's batch at a time. A receiver that fails or times out (5 s,
// as LeanCloud) is retried with exponential backoff up to `maxBackoffMs`, for as long as it
// fails; nothing is skipped.
import { createHmac } from "node:crypto";
import type { ServiceInboxMessage, ServiceWebhookStore } from "@parley/db";
import type { Logger } from "../logger.js";

export interface ServiceWebhookOptions {
  store: ServiceWebhookStore;
  logger: Logger;
  /** How often apps are polled for new messages. Default 1,000 ms. */
  intervalMs?: number;
  /**
   * Messages younger than this are left for the next round, so that one stamped earlier but
   * committed later (group commit, a slow transaction) is never passed by the cursor. Default 5,000 ms;
   * a send that takes longer to commit than this could be missed, so keep it above the
   * database deadline.
   */
  settleMs?: number;
  /** Messages per POST. Default 100. */
  batchSize?: number;
  /** Per request. Default 5,000 ms. */
  timeoutMs?: number;
  /** Longest wait between attempts for a failing receiver. Default 60,000 ms. */
  maxBackoffMs?: number;
  now?: () => number;
}

export interface ServiceWebhookForwarder {
  /** One round over every app with a webhook (the loop calls this; tests may too). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** `_SysMessage` (protocol part 3, §3.5) for one stored message. */
export function sysMessageRecord(m: ServiceInboxMessage) {
  const iso = new Date(m.timestamp).toISOString();
  const binary = m.content.kind === "binary";
  return {
    msgId: m.id,
    conv: { __type: "Pointer", className: "_Conversation", objectId: m.conversationId },
    from: m.from,
    // Parley does not keep the sender's address with the message.
    fromIp: null,
    bin: binary,
    data: m.content.kind === "binary" ? Buffer.from(m.content.data).toString("base64") : m.content.text,
    timestamp: m.timestamp,
    ackAt: m.timestamp,
    createdAt: { __type: "Date", iso },
    updatedAt: { __type: "Date", iso },
  };
}

/** `X-Parley-Signature` lets a receiver check a batch came from Parley: HMAC-SHA256 of the body with the master key. */
export const webhookSignature = (masterKey: string, body: string): string =>
  `sha256=${createHmac("sha256", masterKey).update(body).digest("hex")}`;

export function startServiceWebhookForwarder(options: ServiceWebhookOptions): ServiceWebhookForwarder {
  const { store, logger } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const settleMs = options.settleMs ?? 5000;
  const batchSize = options.batchSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const now = options.now ?? Date.now;
  /** Per app: consecutive failures and the earliest next attempt. */
  const backoff = new Map<string, { failures: number; until: number }>();
  let stopped = false;
  let running: Promise<void> | undefined;

  async function post(app: { appId: string; url: string; masterKey: string }, batch: ServiceInboxMessage[]): Promise<void> {
    const body = JSON.stringify(batch.map(sysMessageRecord));
    const res = await fetch(app.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Parley service-conversation webhook",
        "x-lc-id": app.appId,
        "x-parley-signature": webhookSignature(app.masterKey, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }

  async function forwardApp(app: { appId: string; url: string; masterKey: string }): Promise<void> {
    const wait = backoff.get(app.appId);
    if (wait && now() < wait.until) return;
    // A new webhook starts with what is sent from now on, not the whole history.
    await store.ensureCursor(app.appId, now() - settleMs);
    for (let round = 0; round < 10 && !stopped; round++) {
      const result = await store.forwardBatch(app.appId, { until: now() - settleMs, limit: batchSize, deliver: (batch) => post(app, batch) });
      if (result.status === "failed") {
        const failures = (wait?.failures ?? 0) + 1;
        backoff.set(app.appId, { failures, until: now() + Math.min(maxBackoffMs, intervalMs * 2 ** failures) });
        logger.warn("service webhook delivery failed; will retry", { appId: app.appId, failures, err: result.error });
        return;
      }
      backoff.delete(app.appId);
      if (result.status !== "forwarded" || result.count < batchSize) return;
    }
  }

  async function runOnce(): Promise<void> {
    const targets = await store.listTargets();
    for (const app of targets) {
      if (stopped) return;
      try {
        await forwardApp(app);
      } catch (err) {
        logger.error("service webhook round failed", { appId: app.appId, err });
      }
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = runOnce()
      .catch((err: unknown) => logger.error("service webhook round failed", { err }))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
