import type { Attributes } from "@parley/core";
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea, textC } from "./types.js";

export const conversationKind = pgEnum("conversation_kind", ["normal", "chatroom", "service", "temporary"]);

export const conversations = pgTable(
  "conversations",
  {
    /** 24 lowercase hex chars, or `_tmp:` + 22 chars; unique across apps (core generates them). */
    id: textC().primaryKey(),
    /** No foreign key to apps: apps are never deleted, and repositories stand alone (core's contracts). */
    appId: textC().notNull(),
    kind: conversationKind().notNull(),
    name: textC(),
    creator: textC(),
    /** Custom attributes, top-level keys as LeanCloud stores them. */
    attributes: jsonb().$type<Attributes>().notNull().default({}),
    unique: boolean().notNull().default(false),
    /**
     * Key of a unique conversation (a hash of the sorted member set). Not a
     * unique constraint: an expired temporary conversation keeps its key while a
     * new one with the same members is created. Creators serialise on an
     * advisory lock and look the key up with findUnique.
     */
    uniqueId: textC(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp({ withTimezone: true }),
    // Pointer to the newest stored message (`lm`, the `msg*` fields of query results, unread tuples).
    lastMessageId: textC(),
    lastMessageTimestamp: bigint({ mode: "number" }),
    lastMessageFrom: textC(),
    lastMessageText: text(),
    lastMessageBinary: bytea(),
    lastMessagePatchTimestamp: bigint({ mode: "number" }),
    lastMessageMentionAll: boolean().notNull().default(false),
    lastMessageMentionPids: text().array().notNull().default(sql`'{}'::text[]`),
    /** Temporary conversations only. */
    expiresAt: timestamp({ withTimezone: true }),
    /** Number of conversation_members rows, maintained by the member repository. */
    memberCount: integer().notNull().default(0),
  },
  // Every message moves last_message_at, so each row update touches every index below:
  // keep them few (no createdAt/updatedAt list indexes).
  (t) => [
    // Default list order (`-lm`, then objectId) as a keyset-friendly index.
    index("conversations_app_last_message_idx").on(t.appId, t.lastMessageAt.desc().nullsLast(), t.id),
    index("conversations_unique_idx")
      .on(t.appId, t.kind, t.uniqueId, t.createdAt)
      .where(sql`${t.unique} and ${t.uniqueId} is not null`),
    index("conversations_expires_idx")
      .on(t.expiresAt)
      .where(sql`${t.expiresAt} is not null`),
    // Custom-attribute equality (`attributes @> {...}`).
    index("conversations_attributes_idx").using("gin", sql`${t.attributes} jsonb_path_ops`),
  ],
);
