import type { Actor, CoreDeps, Presence } from "@parley/core";
import type { AppDirectory } from "../adapters/app-directory.js";
import type { Connection } from "../connection/connection.js";
import type { Session, SessionEndReason } from "../connection/session.js";
import type { SessionHub } from "../fanout/session-hub.js";
import type { AckCoalescer } from "./ack-coalescer.js";
import type { ResendGuard } from "./resend-guard.js";
import type { WillMessages } from "../fanout/will-messages.js";
import type { Logger } from "../logger.js";
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

export type RealtimeCoreDeps = CoreDeps & { presence: Presence };

/** Everything handlers may use. Built once per server. */
export interface RealtimeServices {
  /** Apps (cached; settings drive origin checks and rate limits). */
  apps: AppDirectory;
  /** Core's ports (presence = this node's hub): every use case takes these first. */
  core: RealtimeCoreDeps;
  hub: SessionHub;
  hooks: RealtimeHooks;
  logger: Logger;
  now(): number;
  /** Ends a session (hub + connection + hooks). Does not push anything. */
  endSession(session: Session, reason: SessionEndReason): void;
  /** Will messages held per session until it ends. */
  wills: WillMessages;
  /** Delivery acks, coalesced per (conversation, client) and applied every ~250 ms. */
  acks: AckCoalescer;
  /** Recent message acks by (sender, conversation, `dt`), so re-sends are not stored twice. */
  resends: ResendGuard;
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
export type CommandHandler = {
  /** Failures are answered as `ack {code, reason}` instead of `error` (`direct`, protocol part 1 §5.1). */
  errorsAsAck?: boolean;
} & (
  | { requiresSession: true; handle(ctx: SessionHandlerContext): Promise<OutboundCommand | void> }
  | { requiresSession: false; handle(ctx: HandlerContext): Promise<OutboundCommand | void> }
);

/** "session/open", "conv/start", or a bare command name for op-less commands ("direct", "ack", "echo"). */
export type HandlerKey = CommandTypeName | `${CommandTypeName}/${OpTypeName}`;

export type HandlerTable = Partial<Record<HandlerKey, CommandHandler>>;

/** The actor a session's commands act as. */
export const actorOf = (session: Session): Actor => ({ kind: "client", appId: session.appId, clientId: session.clientId });
