import type { DomainEvent, EventBus } from "@parley/core";
import { z } from "zod";
import { appProcedure, createTRPCRouter } from "../init";

/** What the browser hears: which conversation changed and how, never the content. */
export interface LiveEvent {
  type: DomainEvent["type"];
  conversationId: string | null;
  at: number;
}

/**
 * The bus as an async iterable of the events that pass `accept`, until `signal` aborts.
 * Events arriving while the consumer is busy are queued (bounded: the oldest are dropped,
 * the client refetches anyway).
 */
export async function* busEvents(bus: EventBus, accept: (e: DomainEvent) => boolean, signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  const MAX_QUEUED = 1000;
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = bus.subscribe((events) => {
    for (const e of events) {
      if (!accept(e)) continue;
      queue.push({ type: e.type, conversationId: e.conversationId ?? null, at: e.at });
      if (queue.length > MAX_QUEUED) queue.shift();
    }
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
  try {
    while (!signal?.aborted) {
      while (queue.length > 0) yield queue.shift()!;
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}

export const liveRouter = createTRPCRouter({
  /**
   * Server-sent events of one app's domain events (optionally one conversation's), fed by
   * the event bus: the realtime service's changes arrive over LISTEN/NOTIFY, the console's
   * own straight from its unit of work.
   */
  events: appProcedure("viewer")
    .input(z.object({ conversationId: z.string().min(1).max(100).optional() }))
    .subscription(({ ctx, input, signal }) =>
      busEvents(
        ctx.services.core.bus,
        (e) => e.appId === input.appId && (input.conversationId === undefined || e.conversationId === input.conversationId),
        signal,
      ),
    ),
});
