import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { conversations } from "./conversations.js";
import { textC } from "./types.js";

/** 禁言: a member may not send until expires_at (null = until lifted). */
export const conversationSilences = pgTable(
  "conversation_silences",
  {
    conversationId: textC()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    clientId: textC().notNull(),
    silencedBy: text().notNull(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.clientId] })],
);

/** Blocked clients may not rejoin or be re-added (until expires_at, when set). */
export const conversationBlocks = pgTable(
  "conversation_blocks",
  {
    conversationId: textC()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    clientId: textC().notNull(),
    blockedBy: text().notNull(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Null = until unblocked; an expired row counts as absent. */
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.clientId] })],
);
