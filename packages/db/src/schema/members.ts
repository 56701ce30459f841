import { bigint, boolean, index, pgEnum, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { conversations } from "./conversations.js";
import { textC } from "./types.js";

export const memberRole = pgEnum("member_role", ["Owner", "Manager", "Member"]);

/** Members of normal and temporary conversations, subscribers of service conversations, joined clients of chat rooms. */
export const conversationMembers = pgTable(
  "conversation_members",
  {
    conversationId: textC()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    clientId: textC().notNull(),
    /** Copied from the conversation so "every conversation of this client" is one index range. */
    appId: textC().notNull(),
    role: memberRole().notNull().default("Member"),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Offline-push mute (`mu`). */
    pushMuted: boolean().notNull().default(false),
    /** Delivery watermark, ms (0 = none). */
    deliveredAt: bigint({ mode: "number" }).notNull().default(0),
    /** Read watermark, ms (0 = none). */
    readAt: bigint({ mode: "number" }).notNull().default(0),
    /** When read_at last rose (ms), for unread snapshots "changed since". */
    readChangedAt: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.clientId] }),
    index("conversation_members_client_idx").on(t.appId, t.clientId, t.conversationId),
  ],
);
