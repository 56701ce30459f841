// Core's ports on an open PostgreSQL pool: @parley/db's unit of work and LISTEN/NOTIFY event bus
// plus the production clock, ids and crypto of @parley/db/system. main.ts and the tests build
// the realtime app's ports through this one function.
import type { Clock, CoreDeps, EventBus } from "@parley/core";
import { createPgEventBus, createUnitOfWork, type Database } from "@parley/db";
import { createIdGenerator, nodeCrypto, systemClock } from "@parley/db/system";
import type { Logger } from "./logger.js";

export interface Backend {
  core: CoreDeps;
  bus: EventBus;
  /** Resolves once the bus listens (events of other processes are missed before). */
  ready(): Promise<void>;
  /** Flushes group-committed writes and stops the bus (the pool stays open: its owner closes it). */
  close(): Promise<void>;
}

export interface BackendOptions {
  logger: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: PostgreSQL LISTEN/NOTIFY on the database. */
  bus?: EventBus;
  /** Fail fast once PostgreSQL has not answered a probe for this long (createUnitOfWork); 0 = off. */
  unavailableAfterMs?: number;
}

export function createPostgresBackend(database: Database, options: BackendOptions): Backend {
  const { logger } = options;
  const pgBus = options.bus
    ? undefined
    : createPgEventBus({
        database,
        onError: (err) => logger.error("event bus error", { err }),
        onReconnect: () => logger.warn("event bus listener reconnected; events sent meanwhile were missed"),
      });
  const bus = options.bus ?? pgBus!;
  const uow = createUnitOfWork({
    database,
    publisher: bus,
    onPublishError: (err, events) => logger.error("publishing events failed", { err, types: events.map((e) => e.type) }),
    ...(options.unavailableAfterMs !== undefined && { unavailableAfterMs: options.unavailableAfterMs }),
  });
  return {
    core: { uow, clock: options.clock ?? systemClock, ids: createIdGenerator(), crypto: nodeCrypto },
    bus,
    ready: () => pgBus?.ready() ?? Promise.resolve(),
    async close() {
      await uow.flush();
      await pgBus?.close();
    },
  };
}
