// Small input mappings shared by the handlers: protobuf fields → plain core inputs.
import type { SignatureInput } from "@parley/core";
import { WireError } from "../protocol/errors.js";
import type { JsonObjectMessage } from "../protocol/types.js";

/** A JsonObjectMessage holding a JSON object (`attr`, `where`…); absent → `{}`. Bad JSON → 4201. */
export function jsonObject(message: JsonObjectMessage | undefined, field: string): Record<string, unknown> {
  if (message === undefined || message.data.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    throw new WireError("INVALID_COMMAND", { detail: `${field} is not valid JSON` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WireError("INVALID_COMMAND", { detail: `${field} must be a JSON object` });
  }
  return value as Record<string, unknown>;
}

/** `s`/`t`/`n` of a conv, blacklist or session message, when a signature was sent. */
export function signatureOf(fields: { s?: string; t?: number; n?: string }): SignatureInput | undefined {
  return fields.s ? { s: fields.s, t: fields.t ?? 0, n: fields.n ?? "" } : undefined;
}

/** A required string field (e.g. `cid`): missing → 4201. */
export function required(value: string | undefined, field: string): string {
  if (!value) throw new WireError("INVALID_COMMAND", { detail: `${field} is required` });
  return value;
}

/** Repeated ids (`m`, `toPids`): at least one. */
export function ids(value: string[] | undefined, field: string): string[] {
  if (!value || value.length === 0) throw new WireError("INVALID_COMMAND", { detail: `${field} must list at least one client id` });
  return value;
}
