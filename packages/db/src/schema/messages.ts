import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { conversations } from "./conversations.js";
import { bytea, textC } from "./types.js";

/**
 * Stored (non-transient) messages. History order is (timestamp, id) within a
 * conversation, so the primary key serves `logs` in both directions.
 *
 * No foreign key to conversations: the hot path checks and locks every
 * conversation of a batch in one statement instead of one RI trigger per row
 * (see writeHotOps), and ConversationRepository.delete removes the messages.
 */
export const messages = pgTable(
  "messages",
  {
    conversationId: textC().notNull(),
    /** Server time, ms. */
    timestamp: bigint({ mode: "number" }).notNull(),
    id: textC().notNull(),
    fromClient: textC().notNull(),
    /** Exactly one of content_text / content_binary is set. */
    contentText: text(),
    contentBinary: bytea(),
    /** `_lctype` of a JSON-object text content. */
    lcType: integer(),
    mentionAll: boolean().notNull().default(false),
    mentionPids: text().array().notNull().default(sql`'{}'::text[]`),
    receipt: boolean().notNull().default(false),
    patchTimestamp: bigint({ mode: "number" }),
    recalled: boolean().notNull().default(false),
    pushData: text(),
    priority: smallint(),
    /** null = every member; client ids = only those clients (service conversations: a subscriber's message, messages to chosen subscribers). */
    visibleTo: textC().array(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.timestamp, t.id] }),
    uniqueIndex("messages_conversation_message_idx").on(t.conversationId, t.id),
    // Edits and recalls a reconnecting client has to catch up on.
    index("messages_patches_idx")
      .on(t.conversationId, t.patchTimestamp, t.id)
      .where(sql`${t.patchTimestamp} is not null`),
    // What subscribers sent to service conversations, in time order, for the webhook forwarder.
    index("messages_private_idx")
      .on(t.timestamp, t.id)
      .where(sql`${t.visibleTo} is not null`),
    // The `mentioned` flag of unread counts looks only at mentioning messages.
    index("messages_mentions_idx")
      .on(t.conversationId, t.timestamp)
      .where(sql`${t.mentionAll} or ${t.mentionPids} <> '{}'::text[]`),
  ],
);

export const messageRevisionKind = pgEnum("message_revision_kind", ["edit", "recall"]);

/** What a message said before an edit or recall. Visible to admins only. */
export const messageRevisions = pgTable(
  "message_revisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    conversationId: textC()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: textC().notNull(),
    contentText: text(),
    contentBinary: bytea(),
    /** ms */
    replacedAt: bigint({ mode: "number" }).notNull(),
    replacedBy: text().notNull(),
    reason: text(),
    kind: messageRevisionKind().notNull(),
  },
  (t) => [index("message_revisions_message_idx").on(t.conversationId, t.messageId, t.id)],
);
