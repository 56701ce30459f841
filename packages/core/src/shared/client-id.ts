import { DomainError } from "../errors.js";

/** A client id is 1…`maxLength` characters without control characters. */
export function isValidClientId(id: string, maxLength: number): boolean {
  if (id.length === 0 || id.length > maxLength) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]/.test(id);
}

export function assertValidClientId(id: string, maxLength: number): void {
  if (!isValidClientId(id, maxLength)) {
    throw new DomainError("INVALID_CLIENT_ID", `invalid client id (1…${maxLength} characters, no control characters)`, { clientId: id });
  }
}

/** De-duplicates, keeping the first occurrence's position. */
export const uniqueIds = (ids: readonly string[]): string[] => [...new Set(ids)];

/** Code-unit order, like JS `Array.prototype.sort()` and PostgreSQL `COLLATE "C"`. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const sortIds = (ids: readonly string[]): string[] => [...ids].sort(compareIds);
