// The transport-independent part of a realtime node: services, dispatcher, session hub and the
// set of live connections. server.ts puts HTTP + WebSocket in front of it; handler tests drive
// it with recording transports.
import { Connection } from "./connection/connection.js";
import { createDispatcher, type Dispatch } from "./connection/dispatcher.js";
import type { Session, SessionEndReason } from "./connection/session.js";
import type { Transport } from "./connection/transport.js";
import { SessionHub } from "./fanout/session-hub.js";
import { defaultHandlers } from "./handlers/index.js";
import type { HandlerTable, RealtimeHooks, RealtimeServices } from "./handlers/types.js";
import type { Logger } from "./logger.js";
import type { AppDirectory, SessionTokenStore } from "./ports-local.js";
import { CommandType } from "./protocol/constants.js";
import { PreparedCommand } from "./protocol/prepared-command.js";

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxOutboundBufferBytes: number;
  loginTimeoutMs: number;
  idleTimeoutMs: number;
  maxPendingCommands: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxFrameBytes: 512 * 1024,
  maxOutboundBufferBytes: 1024 * 1024,
  loginTimeoutMs: 60_000,
  idleTimeoutMs: 300_000,
  maxPendingCommands: 256,
};

export interface RealtimeCoreOptions {
  apps: AppDirectory;
  sessionTokens: SessionTokenStore;
  logger: Logger;
  limits: ConnectionLimits;
  handlers?: HandlerTable;
  hooks?: RealtimeHooks;
  now?: () => number;
}

export interface RealtimeCore {
  readonly services: RealtimeServices;
  readonly hub: SessionHub;
  readonly dispatch: Dispatch;
  readonly connections: ReadonlySet<Connection>;
  readonly draining: boolean;
  createConnection(transport: Transport): Connection;
  /** Sends goaway to every connection and refuses new ones from now on. */
  startDraining(): void;
  /** Resolves when no connection is left, or after `timeoutMs`. */
  whenEmpty(timeoutMs: number): Promise<void>;
}

export function createRealtimeCore(options: RealtimeCoreOptions): RealtimeCore {
  const { logger } = options;
  const hooks = options.hooks ?? {};
  const hub = new SessionHub();
  const connections = new Set<Connection>();
  const emptyWaiters = new Set<() => void>();
  let draining = false;

  function endSession(session: Session, reason: SessionEndReason): void {
    const removedFromConnection = session.connection.removeSession(session);
    const removedFromHub = hub.remove(session);
    if (!(removedFromConnection || removedFromHub) || !hooks.sessionEnded) return;
    Promise.resolve()
      .then(() => hooks.sessionEnded?.(session, reason))
      .catch((err: unknown) => logger.error("sessionEnded hook failed", { clientId: session.clientId, err }));
  }

  const services: RealtimeServices = {
    apps: options.apps,
    sessionTokens: options.sessionTokens,
    hub,
    hooks,
    logger,
    now: options.now ?? Date.now,
    endSession,
  };
  const dispatch = createDispatcher({ ...defaultHandlers, ...options.handlers }, services);

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
    startDraining() {
      draining = true;
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
  };
}
