// Decoded command → handler → reply. Unknown cmd/op gets an error reply; the connection stays open.
import type { GenericCommand } from "../protocol/types.js";
import { CommandType, OpType, commandLabel } from "../protocol/constants.js";
import { ConnectionCloseError, WireError, toWireError } from "../protocol/errors.js";
import type { CommandHandler, HandlerKey, HandlerTable, RealtimeServices } from "../handlers/types.js";
import type { Connection } from "./connection.js";

const commandNames = new Map<number, string>(Object.entries(CommandType).map(([k, v]) => [v, k]));
const opNames = new Map<number, string>(Object.entries(OpType).map(([k, v]) => [v, k]));

export function lookupHandler(table: HandlerTable, cmd: number | undefined, op: number | undefined): CommandHandler | undefined {
  const cmdName = cmd === undefined ? undefined : commandNames.get(cmd);
  if (cmdName === undefined) return undefined;
  const opName = op === undefined ? undefined : opNames.get(op);
  if (opName !== undefined) {
    const specific = table[`${cmdName}/${opName}` as HandlerKey];
    if (specific) return specific;
  }
  return table[cmdName as HandlerKey];
}

export type Dispatch = (connection: Connection, command: GenericCommand) => Promise<void>;

export function createDispatcher(table: HandlerTable, services: RealtimeServices): Dispatch {
  return async function dispatch(connection, command) {
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
    try {
      let reply;
      if (handler.requiresSession) {
        const session = connection.resolveSession(command.peerId);
        if (!session) {
          connection.replyError(command.i, new WireError("SESSION_REQUIRED"));
          return;
        }
        reply = await handler.handle({ connection, command, session, services });
      } else {
        reply = await handler.handle({ connection, command, session: connection.resolveSession(command.peerId), services });
      }
      if (reply) connection.reply(command, reply);
    } catch (err) {
      if (err instanceof ConnectionCloseError) {
        services.logger.info("closing connection", { connection: connection.id, label, code: err.code, detail: err.message });
        connection.close(err.code, err.reason);
        return;
      }
      const wire = toWireError(err);
      if (!(err instanceof WireError)) {
        services.logger.error("handler failed", { connection: connection.id, label, i: command.i, err });
      }
      // Fire-and-forget commands (ack, read) get no error push: the SDK cannot match it to anything.
      if (command.i) connection.replyError(command.i, wire);
    }
  };
}
