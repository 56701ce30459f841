/**
 * JSON that survives the round trip of domain values: Uint8Array (binary message
 * content) and Date become tagged objects. Used for event-bus payloads and
 * stored notifications.
 */
const BIN = "$parley$bin";
const DATE = "$parley$date";

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return { [BIN]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") };
    if (raw instanceof Date) return { [DATE]: raw.toISOString() };
    return v;
  });
}

export function reviveJson(_key: string, v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (typeof o[BIN] === "string") return new Uint8Array(Buffer.from(o[BIN], "base64"));
      if (typeof o[DATE] === "string") return new Date(o[DATE]);
    }
  }
  return v;
}

export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text, reviveJson) as T;
}

/** For values that arrive already parsed (jsonb columns): apply the same revival. */
export function reviveParsed<T = unknown>(value: unknown): T {
  return decodeJson<T>(JSON.stringify(value));
}
