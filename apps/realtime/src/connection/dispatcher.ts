// Decoded command → rate limit → handler → reply. Unknown cmd/op gets an error reply; the connection stays open.
import type { Transaction, UnitOfWork } from "@parley/core";
import type { GenericCommand } from "../protocol/types.js";
import { CommandType, commandLabel, commandName, opName } from "../protocol/constants.js";
import {
  ConnectionCloseError,
  WireError,
  isCommitOutcomeUnknown,
  isExpectedError,
  isStorageTimeout,
  toWireError,
} from "../protocol/errors.js";
import type { CommandHandler, HandlerKey, HandlerTable, RealtimeServices } from "../handlers/types.js";
import type { Connection } from "./connection.js";
import { rateCategoryOf, type RateLimiter } from "./rate-limit.js";
import type { Session } from "./session.js";

export function lookupHandler(table: HandlerTable, cmd: number | undefined, op: number | undefined): CommandHandler | undefined {
  const cmdName = commandName(cmd);
  if (cmdName === undefined) return undefined;
  const opKey = opName(op);
  if (opKey !== undefined) {
    const specific = table[`${cmdName}/${opKey}` as HandlerKey];
    if (specific) return specific;
  }
  return table[cmdName as HandlerKey];
}

/** `signal` aborts at the command's deadline (see ConnectionOptions.commandDeadlineMs). */
export type Dispatch = (connection: Connection, command: GenericCommand, signal?: AbortSignal) => Promise<void>;

/** @parley/db's PgUnitOfWork: `run` also takes the caller's signal. Other implementations ignore the argument. */
interface SignalAwareUnitOfWork {
  run<T>(fn: (tx: Transaction) => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/** `promise`, or a rejection with the signal's reason when it aborts first. Only for work that commits nothing. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as unknown);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * The services one command sees: its units of work carry the command's signal (a unit of work
 * that has not started committing when the deadline passes is rolled back and rejects with the
 * deadline error), and app lookups (reads) stop waiting at the deadline.
 */
function servicesUntil(services: RealtimeServices, signal: AbortSignal): RealtimeServices {
  const uow = services.core.uow as SignalAwareUnitOfWork;
  const scopedUow: UnitOfWork = { run: (fn) => uow.run(fn, { signal }) };
  return {
    ...services,
    core: { ...services.core, uow: scopedUow },
    apps: { ...services.apps, getApp: (appId) => unlessAborted(services.apps.getApp(appId), signal) },
  };
}

/** Sends a failure as the handler's kind of reply (error command, or `ack` for direct). */
function replyFailure(connection: Connection, command: GenericCommand, handler: CommandHandler | undefined, error: WireError): void {
  // Fire-and-forget commands (ack, read) get no error push: the SDK cannot match it to anything.
  if (!command.i) return;
  if (handler?.errorsAsAck) {
    const { code, reason, appCode, appMsg } = error.toErrorCommand();
    connection.reply(command, { cmd: CommandType.ack, ackMessage: { code, reason, appCode, appMsg } });
  } else {
    connection.replyError(command.i, error);
  }
}

export function createDispatcher(table: HandlerTable, services: RealtimeServices, limiter: RateLimiter): Dispatch {
  /** True when the session may run this command now (per-client limits from the app's settings). */
  async function withinRate(session: Session, command: GenericCommand): Promise<boolean> {
    const category = rateCategoryOf(command.cmd, command.op);
    if (category === null) return true;
    const app = await services.apps.getApp(session.appId);
    return app === null || limiter.take(app, session.clientId, category);
  }

  return async function dispatch(connection, command, signal) {
    const label = commandLabel(command.cmd, command.op);
    const handler = lookupHandler(table, command.cmd, command.op);
    if (!handler) {
      services.logger.debug("unsupported command", { connection: connection.id, label, i: command.i });
      // Only requests get an error; an error push without `i` would only confuse the SDK (v5 then
      // opens a second socket for the next client), so fire-and-forget commands are just dropped.
      // Before login everything but session/open is refused with 4105, known or not.
      const error =
        connection.sessions.size === 0
          ? new WireError("SESSION_REQUIRED")
          : new WireError("INVALID_COMMAND", { detail: `unsupported command ${label}` });
      if (command.i) connection.replyError(command.i, error);
      return;
    }
    const scoped = signal ? servicesUntil(services, signal) : services;
    try {
      let reply;
      if (handler.requiresSession) {
        const session = connection.resolveSession(command.peerId);
        if (!session) return replyFailure(connection, command, handler, new WireError("SESSION_REQUIRED"));
        // Not raced with the signal: the app is cached, and a miss reads through the app
        // directory's own unit of work, which fails fast while PostgreSQL is unavailable.
        if (!(await withinRate(session, command))) {
          return replyFailure(connection, command, handler, new WireError("MESSAGE_SENT_QUOTA_EXCEEDED"));
        }
        reply = await handler.handle({ connection, command, session, services: scoped });
      } else {
        reply = await handler.handle({ connection, command, session: connection.resolveSession(command.peerId), services: scoped });
      }
      if (reply) connection.reply(command, reply);
    } catch (err) {
      if (err instanceof ConnectionCloseError) {
        services.logger.info("closing connection", { connection: connection.id, label, code: err.code, detail: err.message });
        connection.close(err.code, err.reason);
        return;
      }
      if (isCommitOutcomeUnknown(err)) {
        // Committed or not, nobody knows yet: a failure reply would make the SDK send it again.
        services.logger.warn("commit outcome unknown, no reply", { connection: connection.id, label, i: command.i });
        return;
      }
      if (isStorageTimeout(err) || (signal?.aborted && err === signal.reason)) {
        services.logger.warn("storage deadline passed", { connection: connection.id, label, i: command.i });
      } else if (!isExpectedError(err)) {
        services.logger.error("handler failed", { connection: connection.id, label, i: command.i, err });
      }
      replyFailure(connection, command, handler, toWireError(err));
    }
  };
}
