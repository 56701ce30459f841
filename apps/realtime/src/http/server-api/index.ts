// The LeanCloud-compatible server REST API under /1.2/rtm (protocol part 3, §2.1–2.6), with
// master-key auth, calling the same core use cases as the WebSocket handlers. Wire it in as the
// realtime server's `restHandler`: it answers the paths it serves and returns false for the rest.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor, App, CoreDeps } from "@parley/core";
import { createConsoleLogger, type Logger } from "../../logger.js";
import { sendJson } from "../json.js";
import { authenticate } from "./auth.js";
import { readJsonBody } from "./body.js";
import type { Route, ServerApiContext, ServerApiKick, ServerApiPresence } from "./context.js";
import { errorResponse, masterKeyRequired } from "./errors.js";
import { API_PREFIX, createRouter } from "./router.js";
import { clientRoutes } from "./routes/clients.js";
import { conversationRoutes } from "./routes/conversations.js";
import { CHATROOMS, CONVERSATIONS, FAMILIES } from "./routes/families.js";
import { memberRoutes } from "./routes/members.js";
import { messageRoutes, patchRoutes } from "./routes/messages.js";
import { blacklistRoutes, silenceRoutes } from "./routes/moderation.js";
import { serviceConversationRoutes } from "./routes/service-conversations.js";

export type { ServerApiContext, ServerApiKick, ServerApiPresence, Route } from "./context.js";
export { domainErrorResponses } from "./errors.js";

export interface ServerApiOptions {
  deps: CoreDeps;
  /** For POST /clients/check-online. Default: `deps.presence`; neither → 501. */
  presence?: ServerApiPresence;
  /** For POST /clients/{id}/kick; absent → 501. */
  kick?: ServerApiKick;
  logger?: Logger;
  /**
   * `initBy` of REST-originated changes that name no client (members, silences, blacklists,
   * updates), and the creator of REST-created conversations (§6 items 19, 20). Default "".
   */
  systemClientId?: string;
}

export type ServerApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Every route, in matching order (literal segments before parameters where they overlap). */
export const SERVER_API_ROUTES: readonly Route[] = [
  ...FAMILIES.flatMap(conversationRoutes),
  ...memberRoutes,
  ...messageRoutes(CONVERSATIONS),
  ...messageRoutes(CHATROOMS),
  ...FAMILIES.flatMap(patchRoutes),
  ...silenceRoutes(CONVERSATIONS),
  ...silenceRoutes(CHATROOMS),
  ...FAMILIES.flatMap(blacklistRoutes),
  ...serviceConversationRoutes,
  ...clientRoutes,
];

export function createServerApi(options: ServerApiOptions): ServerApiHandler {
  const { deps } = options;
  const logger = options.logger ?? createConsoleLogger();
  const presence = options.presence ?? deps.presence;
  const systemClientId = options.systemClientId ?? "";
  const match = createRouter(SERVER_API_ROUTES);

  async function serve(req: IncomingMessage, route: Route, params: Record<string, string>, url: URL): Promise<unknown> {
    const { app, privilege } = await authenticate(deps, req.headers);
    if (route.auth === "master" && privilege !== "master") throw masterKeyRequired();
    const body = req.method === "GET" ? {} : await readJsonBody(req);
    const ctx: ServerApiContext = {
      deps,
      app,
      actor: (clientId?: string): Actor => serverActor(app, clientId ?? systemClientId),
      params,
      query: Object.fromEntries(url.searchParams),
      body,
      presence,
      kick: options.kick,
    };
    return route.handle(ctx);
  }

  return async function handleServerApi(req, res) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) return false;
    try {
      const found = match(req.method ?? "GET", url.pathname);
      if (!found) return false;
      sendJson(res, 200, await serve(req, found.route, found.params, url));
    } catch (err) {
      const { status, body, unexpected } = errorResponse(err);
      const requestId = unexpected ? randomUUID() : undefined;
      if (requestId) logger.error("server api request failed", { requestId, method: req.method, path: url.pathname, err });
      if (res.headersSent) {
        res.destroy();
      } else {
        if (requestId) res.setHeader("X-Request-Id", requestId);
        sendJson(res, status, body);
      }
    }
    return true;
  };
}

const serverActor = (app: App, clientId: string): Actor => ({ kind: "server", appId: app.id, clientId });
