// session/open, session/refresh, session/close, session/query (protocol part 1, section 4).
import { authenticateOpen } from "../auth/authenticate-open.js";
import { verifyLoginSignature } from "../auth/login-signature.js";
import type { Session } from "../connection/session.js";
import type { AppRecord } from "../ports-local.js";
import { CommandType, OpType } from "../protocol/constants.js";
import { WireError, errorCodes } from "../protocol/errors.js";
import type { OutboundCommand } from "../protocol/types.js";
import type { CommandHandler, HandlerContext, RealtimeServices } from "./types.js";

const DEFAULT_TOKEN_TTL_SECONDS = 86_400;
const DEFAULT_ONLINE_QUERY_MAX_IDS = 20;

const tokenTtl = (app: AppRecord) => app.settings.limits.sessionTokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;

function sessionClosedPush(code: number, reason: string, detail: string): OutboundCommand {
  return { cmd: CommandType.session, op: OpType.closed, sessionMessage: { code, reason, detail } };
}

/** Single-device login: a first login with a tag kicks same-tag sessions of other devices (4111). */
function kickTagConflicts(services: RealtimeServices, appId: string, clientId: string, tag: string, deviceId: string | null): void {
  const losers = [...services.hub.sessionsOf(appId, clientId)].filter((s) => s.tag === tag && s.deviceId !== deviceId);
  if (losers.length === 0) return;
  const push = sessionClosedPush(errorCodes.SESSION_CONFLICT.code, "SESSION_CONFLICT", "logged in on another device");
  services.hub.pushToSessions(losers, push);
  for (const loser of losers) {
    services.endSession(loser, "conflict");
    void services.sessionTokens.revoke(loser.token, "conflict");
  }
  // TODO(fanout): sessions of this client on other nodes are kicked via the bus.
}

export const handleSessionOpen: CommandHandler = {
  requiresSession: false,
  async handle(ctx: HandlerContext) {
    const { connection, command, services } = ctx;
    const auth = await authenticateOpen(ctx);
    if (auth.kind === "conflict") {
      // Tell the client why (CONFLICT event) and fail the reconnect (RECONNECT_ERROR).
      const push = sessionClosedPush(errorCodes.SESSION_CONFLICT.code, "SESSION_CONFLICT", "logged in on another device");
      connection.send({ ...push, peerId: auth.clientId });
      throw new WireError("SESSION_CONFLICT", { detail: "this session was taken over by another device" });
    }
    const { app, clientId, tag, deviceId, reconnect } = auth;
    const ttlSeconds = tokenTtl(app);
    const token = await services.sessionTokens.issue({ appId: app.id, clientId, tag, deviceId, ttlSeconds });
    if (!connection.isOpen) return; // socket went away while we were checking
    if (tag !== null && !reconnect) kickTagConflicts(services, app.id, clientId, tag, deviceId);

    const previous = connection.sessions.get(clientId);
    if (previous) services.endSession(previous, "replaced");
    const now = services.now();
    const session: Session = { appId: app.id, clientId, connection, tag, deviceId, token, openedAt: now };
    connection.appId = app.id;
    connection.addSession(session);
    services.hub.add(session);

    connection.reply(command, {
      cmd: CommandType.session,
      op: OpType.opened,
      peerId: clientId,
      serverTs: now,
      sessionMessage: { st: token, stTtl: ttlSeconds },
    });
    const sm = command.sessionMessage ?? {};
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
    const app = await services.apps.getApp(session.appId);
    if (!app) throw new WireError("APP_NOT_AVAILABLE");
    if (app.settings.signatures.login) {
      const sm = command.sessionMessage ?? {};
      const result = verifyLoginSignature({
        appId: app.id,
        clientId: session.clientId,
        timestamp: sm.t,
        nonce: sm.n,
        signature: sm.s,
        masterKey: app.masterKey,
        now: services.now(),
      });
      if (!result.ok) throw new WireError("SIGNATURE_FAILED", { detail: result.detail });
    }
    const ttlSeconds = tokenTtl(app);
    session.token = await services.sessionTokens.issue({
      appId: app.id,
      clientId: session.clientId,
      tag: session.tag,
      deviceId: session.deviceId,
      ttlSeconds,
    });
    return { cmd: CommandType.session, op: OpType.refreshed, sessionMessage: { st: session.token, stTtl: ttlSeconds } };
  },
};

/** Clean logout: the session ends, its token is revoked (pending will messages are discarded by the hook). */
export const handleSessionClose: CommandHandler = {
  requiresSession: true,
  async handle({ session, services }) {
    services.endSession(session, "logout");
    await services.sessionTokens.revoke(session.token, "logout");
    return { cmd: CommandType.session, op: OpType.closed, peerId: session.clientId, sessionMessage: {} };
  },
};

export const handleSessionQuery: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const app = await services.apps.getApp(session.appId);
    const max = app?.settings.limits.onlineQueryMaxIds ?? DEFAULT_ONLINE_QUERY_MAX_IDS;
    const asked = (command.sessionMessage?.sessionPeerIds ?? []).slice(0, max);
    // TODO(fanout): local presence only; ask the cluster presence once several nodes run.
    const online = services.hub.onlineClientIds(session.appId, asked);
    return { cmd: CommandType.session, op: OpType.query_result, sessionMessage: { onlineSessionPeerIds: online } };
  },
};
