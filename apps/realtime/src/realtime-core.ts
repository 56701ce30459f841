// The transport-independent part of a realtime node: services, dispatcher, session hub, fan-out
// and the set of live connections. server.ts puts HTTP + WebSocket in front of it; handler tests
// drive it with recording transports.
import type { CoreDeps, EventBus } from "@parley/core";
import type { AppDirectory } from "./adapters/app-directory.js";
import { createHubPresence } from "./adapters/presence.js";
import { Connection } from "./connection/connection.js";
import { createDispatcher, type Dispatch } from "./connection/dispatcher.js";
import { createRateLimiter } from "./connection/rate-limit.js";
import type { Session, SessionEndReason } from "./connection/session.js";
import type { Transport } from "./connection/transport.js";
import { createCatchUp } from "./fanout/catch-up.js";
import { subscribeFanout } from "./fanout/fanout.js";
import { SessionHub } from "./fanout/session-hub.js";
import { createWillMessages } from "./fanout/will-messages.js";
import { defaultHandlers } from "./handlers/index.js";
import { createResendGuard } from "./handlers/resend-guard.js";
import type { HandlerTable, RealtimeHooks, RealtimeServices } from "./handlers/types.js";
import type { Logger } from "./logger.js";
import { CommandType } from "./protocol/constants.js";
import { PreparedCommand } from "./protocol/prepared-command.js";
import { createAckCoalescer } from "./handlers/ack-coalescer.js";

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxOutboundBufferBytes: number;
  loginTimeoutMs: number;
  idleTimeoutMs: number;
  maxPendingCommands: number;
  /** `direct` commands of one connection handled concurrently; replies keep request order. */
  maxConcurrentDirects: number;
  /** Commands that waited longer than this in a connection's queue are refused with 4116. */
  queueDeadlineMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxFrameBytes: 512 * 1024,
  maxOutboundBufferBytes: 1024 * 1024,
  loginTimeoutMs: 60_000,
  idleTimeoutMs: 300_000,
  maxPendingCommands: 256,
  maxConcurrentDirects: 32,
  queueDeadlineMs: 15_000,
};

export interface RealtimeCoreOptions {
  /** Core's ports. `presence` is ignored: this node's session hub answers it. */
  core: CoreDeps;
  /** Where committed domain events arrive (this node's, other nodes', the console's). */
  bus: EventBus;
  apps: AppDirectory;
  logger: Logger;
  limits: ConnectionLimits;
  /** Delivery acks are coalesced and applied this often (ms). Default 250. */
  ackFlushMs?: number;
  handlers?: HandlerTable;
  /** Run after the built-in hooks (unread/patch catch-up, will messages). */
  hooks?: RealtimeHooks;
}

export interface RealtimeCore {
  readonly services: RealtimeServices;
  readonly hub: SessionHub;
  readonly dispatch: Dispatch;
  readonly connections: ReadonlySet<Connection>;
  readonly draining: boolean;
  createConnection(transport: Transport): Connection;
  /** Refuses new connections from now on and (unless `announce` is false) sends goaway to every connection. */
  startDraining(announce?: boolean): void;
  /** Resolves when no connection is left, or after `timeoutMs`. */
  whenEmpty(timeoutMs: number): Promise<void>;
  /** Stops listening to the bus and applies pending delivery acks. */
  close(): Promise<void>;
}

export function createRealtimeCore(options: RealtimeCoreOptions): RealtimeCore {
  const { logger } = options;
  const hub = new SessionHub();
  const connections = new Set<Connection>();
  const emptyWaiters = new Set<() => void>();
  let draining = false;
  const core = { ...options.core, presence: createHubPresence(hub) };
  const wills = createWillMessages({ core, logger });
  const acks = createAckCoalescer({ core, logger, flushMs: options.ackFlushMs ?? 250 });
  const catchUp = createCatchUp({ core, logger });
  const extra = options.hooks ?? {};
  const hooks: RealtimeHooks = {
    async sessionOpened(session, info) {
      await catchUp.sessionOpened(session, info);
      await extra.sessionOpened?.(session, info);
    },
    async sessionEnded(session, reason) {
      await wills.sessionEnded(session, reason);
      await extra.sessionEnded?.(session, reason);
    },
  };

  function endSession(session: Session, reason: SessionEndReason): void {
    const removedFromConnection = session.connection.removeSession(session);
    const removedFromHub = hub.remove(session);
    if (!(removedFromConnection || removedFromHub)) return;
    Promise.resolve()
      .then(() => hooks.sessionEnded?.(session, reason))
      .catch((err: unknown) => logger.error("sessionEnded hook failed", { clientId: session.clientId, err }));
  }

  const services: RealtimeServices = {
    apps: options.apps,
    core,
    hub,
    hooks,
    logger,
    now: () => core.clock.now(),
    endSession,
    wills,
    acks,
    resends: createResendGuard({ now: () => core.clock.now() }),
  };
  const dispatch = createDispatcher({ ...defaultHandlers, ...options.handlers }, services, createRateLimiter({ now: services.now }));
  const unsubscribe = subscribeFanout(options.bus, services);

  function onClosed(connection: Connection, code: number, reason: string): void {
    connections.delete(connection);
    logger.debug("connection closed", { connection: connection.id, code, reason });
    for (const session of [...connection.sessions.values()]) endSession(session, draining ? "shutdown" : "disconnect");
    if (connections.size === 0) for (const resolve of emptyWaiters) resolve();
  }

  return {
    services,
    hub,
    dispatch,
    connections,
    get draining() {
      return draining;
    },
    createConnection(transport) {
      const connection = new Connection(transport, { ...options.limits, dispatch, logger, onClosed });
      connections.add(connection);
      return connection;
    },
    startDraining(announce = true) {
      draining = true;
      if (!announce) return;
      const goaway = new PreparedCommand({ cmd: CommandType.goaway });
      for (const connection of connections) connection.sendPrepared(goaway);
    },
    whenEmpty(timeoutMs) {
      if (connections.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          emptyWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        emptyWaiters.add(done);
      });
    },
    async close() {
      unsubscribe();
      await acks.flush(); // pending delivery acks are applied before the database goes away
    },
  };
}
