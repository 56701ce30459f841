import "server-only";
import type { CoreDeps, EventBus, UnitOfWork } from "@parley/core";
import type { Database } from "@parley/db/client";
import { createOperatorRepository, createOperatorSessionRepository, createPgEventBus, createUnitOfWork, runOperatorTransaction } from "@parley/db";
import { createCoreRuntime, createIdGenerator, nodeCrypto } from "@parley/db/system";
import { createAuthService, type AuthPolicy, type AuthService } from "./auth/service";
import { createMemoryLoginThrottle } from "./auth/throttle";
import { createRealtimeAdminClient, type RealtimeAdminClient } from "./realtime/client";

/**
 * Composition root of the console: builds everything procedures use from one
 * database pool. Built once per process (getServices) by the route handler and
 * the RSC caller; tests call createServices with their own database, clock and bus.
 */
export interface ServicesConfig {
  /** An open database (tests) or a URL to open one. */
  database: Database | { url: string };
  /** Milliseconds since the epoch (default Date.now). Also core's clock. */
  now?: () => number;
  authPolicy?: Partial<AuthPolicy>;
  /**
   * Where committed domain events go, and where live updates come from. Default: the
   * PostgreSQL LISTEN/NOTIFY bus, so the realtime service hears the console's changes
   * (and the console hears the realtime service's). Tests pass an in-memory bus.
   */
  bus?: EventBus;
  /**
   * The realtime service's internal base URL (PARLEY_REALTIME_INTERNAL_URL), for online
   * status and kicks through its server REST API. Unset: those report "not configured".
   */
  realtimeUrl?: string | undefined;
  /** Per-request timeout towards the realtime service (default 3 s). */
  realtimeTimeoutMs?: number;
}

export interface CoreServices {
  deps: CoreDeps;
  uow: UnitOfWork;
  bus: EventBus;
}

export interface Services {
  database: Database;
  now: () => number;
  auth: AuthService;
  /** Online status and kicks, through the realtime service (server-side only: it uses master keys). */
  realtime: RealtimeAdminClient;
  /** Core use cases' dependencies (unit of work on this pool, event bus, clock, ids, crypto). */
  core: CoreServices;
  /** Closes what this instance opened (bus, pending group commits, pool). */
  close(): Promise<void>;
}

export function createServices(config: ServicesConfig): Services {
  const now = config.now ?? Date.now;
  let database: Database;
  let core: CoreServices;
  let closeCore: () => Promise<void>;

  if ("db" in config.database) {
    // Tests: an open database; core wired on it with the given clock and bus.
    database = config.database;
    const pgBus = config.bus ? null : createPgEventBus({ database });
    const bus: EventBus = config.bus ?? pgBus!;
    const uow = createUnitOfWork({ database, publisher: bus, groupCommit: false });
    core = { deps: { uow, clock: { now }, ids: createIdGenerator(), crypto: nodeCrypto }, uow, bus };
    closeCore = async () => {
      await uow.flush();
      await pgBus?.close();
    };
  } else {
    // A process: the same runtime the realtime service builds (pool + LISTEN/NOTIFY bus + unit of work).
    const runtime = createCoreRuntime({ url: config.database.url });
    database = runtime.database;
    core = { deps: { ...runtime.deps, clock: { now } }, uow: runtime.uow, bus: config.bus ?? runtime.bus };
    closeCore = () => runtime.close();
  }

  const auth = createAuthService({
    operators: createOperatorRepository(database),
    sessions: createOperatorSessionRepository(database),
    transaction: (fn) => runOperatorTransaction(database, fn),
    newId: () => core.deps.ids.objectId(),
    throttle: createMemoryLoginThrottle({ now }),
    now,
    ...(config.authPolicy && { policy: config.authPolicy }),
  });

  const realtime = createRealtimeAdminClient({
    baseUrl: config.realtimeUrl,
    ...(config.realtimeTimeoutMs !== undefined && { timeoutMs: config.realtimeTimeoutMs }),
  });

  return { database, now, auth, realtime, core, close: closeCore };
}

const globalForServices = globalThis as unknown as { parleyServices?: Services };

/** The process-wide instance (kept on globalThis so dev hot reloads do not open new pools). */
export function getServices(config: () => ServicesConfig): Services {
  globalForServices.parleyServices ??= createServices(config());
  return globalForServices.parleyServices;
}
