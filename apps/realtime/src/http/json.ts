import type { ServerResponse } from "node:http";

/** JSON response (the v5 SDK only parses bodies sent as application/json). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
  });
  res.end(payload);
}

/** LeanCloud REST error body: `{ code, error }`. */
export function sendJsonError(res: ServerResponse, status: number, code: number, error: string): void {
  sendJson(res, status, { code, error });
}
