import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { textC } from "./types.js";

export const operatorRole = pgEnum("operator_role", ["admin", "moderator", "viewer"]);

/** People who use the console. */
export const operators = pgTable(
  "operators",
  {
    id: textC().primaryKey(),
    /** Unique case-insensitively (lower(email) index). */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: operatorRole().notNull(),
    disabled: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("operators_email_idx").on(sql`lower(${t.email})`)],
);

export const operatorSessions = pgTable(
  "operator_sessions",
  {
    tokenHash: textC().primaryKey(),
    operatorId: textC()
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index("operator_sessions_operator_idx").on(t.operatorId), index("operator_sessions_expires_idx").on(t.expiresAt)],
);

/** Every console action. No foreign keys: entries outlive what they describe. */
export const auditLog = pgTable(
  "audit_log",
  {
    /** objectId (core generates it). */
    id: textC().primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    operatorId: textC().notNull(),
    operatorRole: operatorRole().notNull(),
    /** Dotted verb, e.g. "conversation.update". */
    action: text().notNull(),
    appId: textC(),
    /** Set when target is "conversation:<id>". */
    conversationId: textC(),
    target: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at.desc(), t.id.desc()),
    index("audit_log_operator_idx").on(t.operatorId, t.at.desc(), t.id.desc()),
    index("audit_log_app_idx").on(t.appId, t.at.desc(), t.id.desc()),
    index("audit_log_conversation_idx").on(t.conversationId, t.at.desc(), t.id.desc()),
  ],
);
