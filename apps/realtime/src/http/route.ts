// GET /v1/route: the SDK's RTM router. Answers { server, secondary, ttl } with WebSocket URLs.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDirectory } from "../adapters/app-directory.js";
import { errorCodes } from "../protocol/errors.js";
import { sendJson, sendJsonError } from "./json.js";

export interface RouteOptions {
  apps: AppDirectory;
  /** Public base URL of this server (http/https/ws/wss; a path prefix is kept). */
  publicUrl: URL | undefined;
  /** Whether this HTTP server itself terminates TLS. */
  tls: boolean;
  ttlSeconds: number;
}

/**
 * Scheme: `secure=false` → ws, otherwise wss. Without a configured public URL the Host header is
 * used, and a request that reached us over plain HTTP (no TLS, no X-Forwarded-Proto: https)
 * gets ws, because this origin offers no TLS (the v5 SDK sends secure=true by default).
 */
export function buildRtmUrl(req: IncomingMessage, url: URL, options: RouteOptions): string {
  const wantsSecure = url.searchParams.get("secure") !== "false";
  if (options.publicUrl) {
    const base = options.publicUrl;
    return `${wantsSecure ? "wss" : "ws"}://${base.host}${base.pathname}${base.search}`;
  }
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim();
  const arrivedSecure = options.tls || forwarded === "https";
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${wantsSecure && arrivedSecure ? "wss" : "ws"}://${host}/`;
}

export async function handleRoute(req: IncomingMessage, res: ServerResponse, url: URL, options: RouteOptions): Promise<void> {
  const appId = url.searchParams.get("appId");
  if (!appId) {
    sendJsonError(res, 400, 1, "appId is required");
    return;
  }
  const app = await options.apps.getApp(appId);
  if (!app) {
    sendJsonError(res, 404, errorCodes.APP_NOT_AVAILABLE.code, errorCodes.APP_NOT_AVAILABLE.message);
    return;
  }
  const server = buildRtmUrl(req, url, options);
  sendJson(res, 200, { server, secondary: server, ttl: options.ttlSeconds });
}
