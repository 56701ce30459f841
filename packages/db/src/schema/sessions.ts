import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { textC } from "./types.js";

/** IM session tokens (`session opened.st`); only a SHA-1 of the token is stored. */
export const sessionTokens = pgTable(
  "session_tokens",
  {
    tokenHash: textC().primaryKey(),
    /** No foreign key to apps: apps are never deleted, and repositories stand alone (core's contracts). */
    appId: textC().notNull(),
    clientId: textC().notNull(),
    tag: text(),
    deviceId: text(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /** "conflict", "closed", "kicked"… */
    revokedReason: text(),
  },
  (t) => [index("session_tokens_client_idx").on(t.appId, t.clientId), index("session_tokens_expires_idx").on(t.expiresAt)],
);

/** Permanent notifications a client fetches after reconnecting (GET /1.1/rtm/notifications). */
export const clientNotifications = pgTable(
  "client_notifications",
  {
    /** Insertion order (tie-break among equal server_ts). */
    id: bigserial({ mode: "number" }).primaryKey(),
    appId: textC().notNull(),
    clientId: textC().notNull(),
    /** ms */
    serverTs: bigint({ mode: "number" }).notNull(),
    /** The domain event, JSON-encoded by the repository (binary content tagged). */
    payload: jsonb().notNull(),
  },
  (t) => [
    index("client_notifications_client_idx").on(t.appId, t.clientId, t.serverTs, t.id),
    // Housekeeping deletes by age; rows arrive in server_ts order, so BRIN is enough.
    index("client_notifications_server_ts_idx").using("brin", t.serverTs),
  ],
);
