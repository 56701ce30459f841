// Delivery acks coalesced per (app, conversation, client): acks only raise a watermark, so the
// node keeps the widest [fromTs, toTs] seen and applies it at most once per flush interval
// (one core call / transaction per flush for up to 500 acks, instead of one per ack). Core still emits MessagesDelivered, so
// senders get their `rcp`s, up to one interval later. An ack is a watermark ("everything up to
// toTs reached me"), so merging ranges reports the same receipts as the acks one by one would
// (within core's RECEIPTS_PER_CALL newest per call).
import { acknowledgeDeliveries } from "@parley/core";
import type { Actor } from "@parley/core";
import { isExpectedError } from "../protocol/errors.js";
import type { Logger } from "../logger.js";
import type { RealtimeCoreDeps } from "./types.js";

interface PendingAck {
  actor: Actor;
  conversationId: string;
  fromTs: number;
  toTs: number;
}

export interface AckCoalescer {
  /** Records an ack; it is applied within `flushMs`. */
  add(actor: Actor, conversationId: string, fromTs: number, toTs: number): void;
  /** Applies every pending ack now (resolves when done). */
  flush(): Promise<void>;
  /** Acks waiting to be applied. */
  readonly pendingCount: number;
}

/** Acks applied per unit of work. */
const ACKS_PER_BATCH = 500;

export function createAckCoalescer(options: { core: RealtimeCoreDeps; logger: Logger; flushMs: number }): AckCoalescer {
  const { core, logger, flushMs } = options;
  let pending = new Map<string, PendingAck>();
  let timer: NodeJS.Timeout | undefined;

  /** One unit of work per chunk: a batch UPDATE of the watermarks and one read of receipt requests. */
  async function apply(chunk: PendingAck[]): Promise<void> {
    try {
      await acknowledgeDeliveries(core, chunk);
    } catch (err) {
      // Fire-and-forget from the clients' side: nobody to answer. Watermarks are advisory; the
      // next ack of each client raises them again.
      if (isExpectedError(err)) logger.debug("acks refused", { count: chunk.length, err });
      else logger.error("acks failed", { count: chunk.length, err });
    }
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...pending.values()];
    pending = new Map();
    const chunks: PendingAck[][] = [];
    for (let i = 0; i < batch.length; i += ACKS_PER_BATCH) chunks.push(batch.slice(i, i + ACKS_PER_BATCH));
    await Promise.all(chunks.map(apply));
  }

  return {
    add(actor, conversationId, fromTs, toTs) {
      const clientId = actor.kind === "operator" ? actor.operatorId : actor.clientId;
      const key = `${actor.appId}\u0000${conversationId}\u0000${clientId}`;
      const prev = pending.get(key);
      if (prev) {
        prev.fromTs = Math.min(prev.fromTs, fromTs);
        prev.toTs = Math.max(prev.toTs, toTs);
        prev.actor = actor;
      } else {
        pending.set(key, { actor, conversationId, fromTs, toTs });
      }
      if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    flush,
    get pendingCount() {
      return pending.size;
    },
  };
}
