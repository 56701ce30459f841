import { customType } from "drizzle-orm/pg-core";

/** PostgreSQL bytea; postgres.js reads it as a Buffer (a Uint8Array). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  fromDriver: (value) => value,
});

/**
 * text with the "C" collation: ids and names compare by code point whatever the
 * database's default collation is (core's rule: ids compare by code unit), and
 * btree indexes on them serve range scans and ORDER BY.
 */
export const textC = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});
