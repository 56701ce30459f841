import { DomainError } from "../errors.js";

/**
 * Opaque page cursors over client ids. The SDK only hands them back verbatim, so a
 * simple reversible encoding is enough; a malformed one is INVALID_INPUT.
 */
export function encodeCursor(lastClientId: string): string {
  let hex = "";
  for (const byte of new TextEncoder().encode(lastClientId)) hex += byte.toString(16).padStart(2, "0");
  return `c1${hex}`;
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor == null || cursor === "") return null;
  if (!/^c1(?:[0-9a-f]{2})+$/.test(cursor)) throw new DomainError("INVALID_INPUT", "invalid page cursor");
  const bytes = new Uint8Array((cursor.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(cursor.slice(2 + i * 2, 4 + i * 2), 16);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError("INVALID_INPUT", "invalid page cursor");
  }
}

/** Turns a `limit + 1` fetch into a page and its cursor. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => string): { items: T[]; next: string | null } {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(key(items[items.length - 1]!)) };
}
