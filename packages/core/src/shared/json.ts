import type { Json } from "../conversations/types.js";

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

export const cloneJson = <T extends Json>(v: T): T => structuredClone(v);

/** A LeanCloud date value: `{"__type":"Date","iso":"…"}`. */
export const isLcDate = (v: unknown): v is { __type: "Date"; iso: string } =>
  isPlainObject(v) && v.__type === "Date" && typeof v.iso === "string";

export const lcDate = (d: Date): { __type: "Date"; iso: string } => ({ __type: "Date", iso: d.toISOString() });

/** JSON object text → object, or null when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}
