import type { Connection } from "../connection/connection.js";
import type { Session, SessionEndReason } from "../connection/session.js";
import type { SessionHub } from "../fanout/session-hub.js";
import type { Logger } from "../logger.js";
import type { AppDirectory, SessionTokenStore } from "../ports-local.js";
import type { CommandTypeName, OpTypeName } from "../protocol/constants.js";
import type { GenericCommand, OutboundCommand } from "../protocol/types.js";

export interface SessionOpenedInfo {
  /** true for the SDK's automatic reconnect opens (sessionMessage.r). */
  reconnect: boolean;
  lastUnreadNotifTime: number | undefined;
  lastPatchTime: number | undefined;
  configBitmap: number | undefined;
}

/** Extension points for later features (unread/patch catch-up after open, will messages…). */
export interface RealtimeHooks {
  /** After `session/opened` was sent: push catch-up `unread` / `patch` here. */
  sessionOpened?(session: Session, info: SessionOpenedInfo): void | Promise<void>;
  /** After a session ended (logout, socket gone, kicked, shutdown). */
  sessionEnded?(session: Session, reason: SessionEndReason): void | Promise<void>;
}

/** Everything handlers may use. Built once per server. */
export interface RealtimeServices {
  apps: AppDirectory;
  sessionTokens: SessionTokenStore;
  hub: SessionHub;
  hooks: RealtimeHooks;
  logger: Logger;
  now(): number;
  /** Ends a session (hub + connection + hooks). Does not push anything. */
  endSession(session: Session, reason: SessionEndReason): void;
}

export interface HandlerContext {
  connection: Connection;
  command: GenericCommand;
  /** The acting session. Always set when the handler `requiresSession`. */
  session: Session | undefined;
  services: RealtimeServices;
}

/** Context of a handler that requires a session. */
export interface SessionHandlerContext extends HandlerContext {
  session: Session;
}

/**
 * One operation. The returned command is sent as the reply (with the request's `i`);
 * returning nothing sends no reply. Throw WireError for a reply error,
 * ConnectionCloseError to close the connection.
 */
export type CommandHandler =
  | { requiresSession: true; handle(ctx: SessionHandlerContext): Promise<OutboundCommand | void> }
  | { requiresSession: false; handle(ctx: HandlerContext): Promise<OutboundCommand | void> };

/** "session/open", "conv/start", or a bare command name for op-less commands ("direct", "ack", "echo"). */
export type HandlerKey = CommandTypeName | `${CommandTypeName}/${OpTypeName}`;

export type HandlerTable = Partial<Record<HandlerKey, CommandHandler>>;
