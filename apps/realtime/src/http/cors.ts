import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOWED_HEADERS = [
  "X-LC-Id",
  "X-LC-Key",
  "X-LC-Sign",
  "X-LC-Session",
  "X-LC-IM-Session-Token",
  "X-LC-Prod",
  "Content-Type",
].join(", ");

/** Adds CORS headers. Returns true when the request was a preflight and has been answered. */
export function handleCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  res.setHeader("Access-Control-Max-Age", "86400");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, { "Content-Length": "0" });
  res.end();
  return true;
}
