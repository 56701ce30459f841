// Request bodies: JSON objects only (§1.1), size-limited. Empty → {}.
import type { IncomingMessage } from "node:http";
import { HttpError, malformedJson } from "./errors.js";

/** Far above any valid body (a message is ≤ 5 KB, member lists ≤ 1000 ids). */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 1, `Request body exceeds ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformedJson();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformedJson();
  return value as Record<string, unknown>;
}
