import { bigserial, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Event-bus payloads too large for NOTIFY (8000-byte limit); the notification carries only the id. */
export const eventPayloads = pgTable(
  "event_payloads",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    channel: text().notNull(),
    payload: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("event_payloads_created_idx").on(t.createdAt)],
);
