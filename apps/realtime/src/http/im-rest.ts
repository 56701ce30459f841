// The REST calls the IM SDK itself makes (protocol part 1 §2.3), authenticated with the IM
// session token: the permanent-notification sync after a reconnect (§4.9) and the member roles
// behind getAllMemberInfo / member_info_changed (part 2 §7.4).
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDomainError, listMemberRoles, listNotifications, verifySessionToken, type Actor } from "@parley/core";
import type { AppDirectory } from "../adapters/app-directory.js";
import { planPushes } from "../fanout/event-pushes.js";
import type { RealtimeCoreDeps } from "../handlers/types.js";
import { commandName, opName } from "../protocol/constants.js";
import { toWireError } from "../protocol/errors.js";
import type { OutboundCommand } from "../protocol/types.js";
import { sendJson, sendJsonError } from "./json.js";
import type { RestHandler } from "./request-handler.js";

/** Notifications per page of GET /1.1/rtm/notifications (`hasMore` pages on). */
const NOTIFICATIONS_PER_PAGE = 100;

class Unauthorized extends Error {}

/** Token problems are 401 (the SDK refreshes its token); everything else a bad request. */
const UNAUTHORIZED_CODES = new Set(["SESSION_TOKEN_EXPIRED", "SESSION_CONFLICT", "APP_NOT_FOUND"]);

interface RestContext {
  url: URL;
  actor: Actor & { kind: "client" };
}

/** `{cmd: "conv", op: "members_joined", serverTs, notificationType: 1, ...convMessage}` (part 2 §16). */
function notificationJson(command: OutboundCommand): Record<string, unknown> {
  return { ...command.convMessage, cmd: commandName(command.cmd), op: opName(command.op), serverTs: command.serverTs, notificationType: 1 };
}

export function createImRestHandler({ core, apps }: { core: RealtimeCoreDeps; apps: AppDirectory }): RestHandler {
  /** X-LC-Id + X-LC-Key (app key or "<master key>,master") + X-LC-IM-Session-Token for `client_id`. */
  async function authenticate(req: IncomingMessage, url: URL): Promise<Actor & { kind: "client" }> {
    const appId = String(req.headers["x-lc-id"] ?? "");
    const app = appId ? await apps.getApp(appId) : null;
    const key = String(req.headers["x-lc-key"] ?? "");
    if (!app || (key !== app.key && key !== `${app.masterKey},master`)) throw new Unauthorized();
    const verified = await verifySessionToken(core, {
      appId: app.id,
      sessionToken: String(req.headers["x-lc-im-session-token"] ?? ""),
      clientId: url.searchParams.get("client_id"),
    });
    return { kind: "client", appId: app.id, clientId: verified.clientId };
  }

  async function notifications(res: ServerResponse, { url, actor }: RestContext): Promise<void> {
    const since = Math.max(0, Math.floor(Number(url.searchParams.get("start_ts") ?? 0) || 0));
    const page = await listNotifications(core, actor, { since, limit: NOTIFICATIONS_PER_PAGE });
    const out = page.notifications.flatMap((n) =>
      planPushes(n.event)
        .filter((push) => push.to.includes(actor.clientId) && push.command.notificationType === 1)
        .map((push) => notificationJson(push.command)),
    );
    sendJson(res, 200, { notifications: out, hasMore: page.hasMore });
  }

  async function memberInfo(res: ServerResponse, { url, actor }: RestContext): Promise<void> {
    let cid: unknown;
    try {
      cid = (JSON.parse(url.searchParams.get("where") ?? "{}") as { cid?: unknown }).cid;
    } catch {
      cid = undefined;
    }
    if (typeof cid !== "string") return sendJsonError(res, 400, 1, 'where must be {"cid": "<conversation id>"}');
    const { members } = await listMemberRoles(core, actor, { conversationId: cid });
    const results = members.map((m) => ({ cid, clientId: m.clientId, role: m.role, createdAt: m.joinedAt.toISOString() }));
    sendJson(res, 200, { results });
  }

  const routes: Record<string, (res: ServerResponse, ctx: RestContext) => Promise<void>> = {
    "/1.1/rtm/notifications": notifications,
    "/1.1/classes/_ConversationMemberInfo": memberInfo,
  };

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes[url.pathname];
    if (!route || req.method !== "GET") return false;
    try {
      await route(res, { url, actor: await authenticate(req, url) });
    } catch (err) {
      if (err instanceof Unauthorized) sendJsonError(res, 401, 401, "Unauthorized.");
      else if (isDomainError(err)) sendJsonError(res, UNAUTHORIZED_CODES.has(err.code) ? 401 : 400, toWireError(err).code, err.message);
      else throw err;
    }
    return true;
  };
}
