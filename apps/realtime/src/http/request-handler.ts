// Plain HTTP requests: CORS, /v1/route, /healthz, then the pluggable REST handler, else 404.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import { handleCors } from "./cors.js";
import { sendJson, sendJsonError } from "./json.js";
import { handleRoute, type RouteOptions } from "./route.js";

/** Returns true when it answered the request. Used for the LeanCloud-compatible REST API. */
export type RestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpHandlerOptions extends RouteOptions {
  healthCheck: () => Promise<boolean>;
  isDraining: () => boolean;
  restHandler: RestHandler | undefined;
  logger: Logger;
}

export function createHttpHandler(options: HttpHandlerOptions) {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (handleCors(req, res)) return;
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/v1/route") return handleRoute(req, res, url, options);
    if (req.method === "GET" && url.pathname === "/healthz") {
      const healthy = !options.isDraining() && (await options.healthCheck().catch(() => false));
      return sendJson(res, healthy ? 200 : 503, { status: healthy ? "ok" : "unavailable" });
    }
    if (options.restHandler && (await options.restHandler(req, res))) return;
    sendJsonError(res, 404, 404, `Not found: ${req.method} ${url.pathname}`);
  }

  return function handleHttpRequest(req: IncomingMessage, res: ServerResponse): void {
    route(req, res).catch((err: unknown) => {
      options.logger.error("http request failed", { method: req.method, url: req.url, err });
      if (!res.headersSent) sendJsonError(res, 500, 1, "Internal server error.");
      else res.destroy();
    });
  };
}
