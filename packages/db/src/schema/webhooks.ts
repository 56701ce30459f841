import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { apps } from "./apps.js";
import { textC } from "./types.js";

/**
 * How far each app's service-conversation webhook has forwarded what subscribers sent to its
 * service conversations: the last (timestamp, id) delivered. The row is also the lock that
 * makes one realtime node forward an app's batch at a time.
 */
export const serviceWebhookCursors = pgTable("service_webhook_cursors", {
  appId: textC()
    .primaryKey()
    .references(() => apps.id, { onDelete: "cascade" }),
  lastTimestamp: bigint({ mode: "number" }).notNull(),
  lastId: textC().notNull(),
  /** Set when the last attempt failed; cleared on success. */
  lastError: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
