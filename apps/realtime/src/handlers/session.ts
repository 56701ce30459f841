// session/open, session/refresh, session/close, session/query (protocol part 1, section 4).
// Authentication, tokens and single-device kicks are core's (openSession & co.); the tag kick
// itself reaches the old sessions as a ClientKicked event through the fan-out.
import { closeSession, isDomainError, openSession, refreshSession } from "@parley/core";
import { isOriginAllowed } from "../auth/origin.js";
import { newSessionId, type Session } from "../connection/session.js";
import { CommandType, OpType } from "../protocol/constants.js";
import { ConnectionCloseError, WireError, errorCodes } from "../protocol/errors.js";
import type { OutboundCommand } from "../protocol/types.js";
import { signatureOf } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

/** At most this many ids of a session/query are checked (the SDK documents 20). */
const ONLINE_QUERY_MAX_IDS = 20;

export function sessionClosedPush(code: number, reason: string, detail: string): OutboundCommand {
  return { cmd: CommandType.session, op: OpType.closed, sessionMessage: { code, reason, detail } };
}

export const handleSessionOpen: CommandHandler = {
  requiresSession: false,
  async handle({ connection, command, services }) {
    const appId = command.appId ?? connection.appId;
    const app = appId ? await services.apps.getApp(appId) : null;
    if (!app) throw new ConnectionCloseError("APP_NOT_AVAILABLE", `unknown app ${appId ?? "(none)"}`);
    if (connection.appId !== undefined && connection.appId !== app.id) {
      throw new WireError("APP_NOT_AVAILABLE", { detail: "this connection belongs to another app" });
    }
    if (!isOriginAllowed(connection.transport.origin, app.settings.originAllowList)) {
      throw new ConnectionCloseError("INVALID_ORIGIN", `origin ${connection.transport.origin} not allowed`);
    }
    const sm = command.sessionMessage ?? {};
    const reconnect = sm.r === true;
    const opened = await openSession(services.core, {
      appId: app.id,
      clientId: command.peerId,
      reconnect,
      tag: sm.tag,
      deviceId: sm.deviceId,
      signature: signatureOf(sm),
      sessionToken: sm.st,
    }).catch((err: unknown) => {
      // A kicked device's reconnect: tell it why (CONFLICT event), then fail the open (RECONNECT_ERROR).
      if (isDomainError(err) && err.code === "SESSION_CONFLICT" && command.peerId) {
        connection.send({ ...sessionClosedPush(errorCodes.SESSION_CONFLICT.code, "SESSION_CONFLICT", err.message), peerId: command.peerId });
      }
      throw err;
    });
    if (!connection.isOpen) return; // socket went away while core was checking
    const previous = connection.sessions.get(opened.clientId);
    if (previous) services.endSession(previous, "replaced");
    const { clientId, tag, deviceId } = opened;
    const session: Session = { id: newSessionId(), appId: app.id, clientId, connection, tag, deviceId, token: opened.sessionToken, openedAt: opened.serverTs };
    connection.appId = app.id;
    connection.addSession(session);
    services.hub.add(session);
    connection.reply(command, {
      cmd: CommandType.session,
      op: OpType.opened,
      peerId: clientId,
      serverTs: opened.serverTs,
      sessionMessage: { st: opened.sessionToken, stTtl: opened.sessionTokenTtlSeconds },
    });
    try {
      await services.hooks.sessionOpened?.(session, {
        reconnect,
        lastUnreadNotifTime: sm.lastUnreadNotifTime,
        lastPatchTime: sm.lastPatchTime,
        configBitmap: sm.configBitmap,
      });
    } catch (err) {
      // The open already succeeded (its reply is out); a failing catch-up must not send a second reply.
      services.logger.error("sessionOpened hook failed", { clientId, err });
    }
  },
};

export const handleSessionRefresh: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const sm = command.sessionMessage ?? {};
    const refreshed = await refreshSession(services.core, actorOf(session), { sessionToken: sm.st ?? session.token, signature: signatureOf(sm) });
    session.token = refreshed.sessionToken;
    return { cmd: CommandType.session, op: OpType.refreshed, sessionMessage: { st: refreshed.sessionToken, stTtl: refreshed.sessionTokenTtlSeconds } };
  },
};

/** Clean logout: the session ends (its will message is dropped by the hook) and its token is revoked. */
export const handleSessionClose: CommandHandler = {
  requiresSession: true,
  async handle({ session, services }) {
    services.endSession(session, "logout");
    await closeSession(services.core, actorOf(session), { sessionToken: session.token });
    return { cmd: CommandType.session, op: OpType.closed, peerId: session.clientId, sessionMessage: {} };
  },
};

export const handleSessionQuery: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const asked = (command.sessionMessage?.sessionPeerIds ?? []).slice(0, ONLINE_QUERY_MAX_IDS);
    const online = await services.core.presence.onlineClientIds(session.appId, asked);
    return { cmd: CommandType.session, op: OpType.query_result, sessionMessage: { onlineSessionPeerIds: [...new Set(online)] } };
  },
};
