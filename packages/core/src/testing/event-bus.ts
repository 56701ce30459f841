import type { DomainEvent } from "../events.js";
import type { EventBus, EventHandler } from "../ports.js";

export interface RecordingEventBus extends EventBus {
  /** Every published batch, in order. */
  readonly batches: DomainEvent[][];
  /** All published events, flattened. */
  events(): DomainEvent[];
  clear(): void;
}

/** In-process bus: handlers run in subscription order; a throwing handler fails `publish`. */
export function createInMemoryEventBus(): RecordingEventBus {
  const handlers = new Set<EventHandler>();
  const batches: DomainEvent[][] = [];
  return {
    batches,
    events: () => batches.flat(),
    clear() {
      batches.length = 0;
    },
    async publish(events) {
      if (events.length === 0) return;
      batches.push([...events]);
      for (const handler of [...handlers]) await handler(events);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
  };
}
