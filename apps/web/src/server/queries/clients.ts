import "server-only";
import type { Database } from "@parley/db/client";
import { createReceiptRepository, schema } from "@parley/db";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { PREVIEW_CHARS, UNREAD_CAP } from "./conversations";

/**
 * What the console shows about one client id (read-only). Core has no operator use
 * case for this: listUnread is for the client itself, and nothing lists a client's
 * conversations, silences or blocks across conversations.
 */

const c = schema.conversations;
const cm = schema.conversationMembers;
const s = schema.conversationSilences;
const b = schema.conversationBlocks;

export const CLIENT_CONVERSATION_LIMIT = 200;
export const CLIENT_RECENT_CONVERSATIONS = 20;
export const CLIENT_RECENT_MESSAGES = 30;
export const CLIENT_DEVICES = 20;

export async function lookupClient(database: Database, appId: string, clientId: string, now: Date) {
  const [conversations, silenced, blocked, unread, recent, devices] = await Promise.all([
    database.db
      .select({
        id: c.id,
        kind: c.kind,
        name: c.name,
        role: cm.role,
        joinedAt: cm.joinedAt,
        deliveredAt: cm.deliveredAt,
        readAt: cm.readAt,
        lastMessageAt: c.lastMessageAt,
      })
      .from(cm)
      .innerJoin(c, eq(c.id, cm.conversationId))
      .where(and(eq(cm.appId, appId), eq(cm.clientId, clientId)))
      .orderBy(sql`${c.lastMessageAt} desc nulls last`, asc(c.id))
      .limit(CLIENT_CONVERSATION_LIMIT),
    database.db
      .select({ conversationId: s.conversationId, name: c.name, reason: s.reason, expiresAt: s.expiresAt, createdAt: s.createdAt })
      .from(s)
      .innerJoin(c, eq(c.id, s.conversationId))
      .where(and(eq(c.appId, appId), eq(s.clientId, clientId), or(isNull(s.expiresAt), gt(s.expiresAt, now))))
      .orderBy(asc(s.conversationId)),
    database.db
      .select({ conversationId: b.conversationId, name: c.name, reason: b.reason, expiresAt: b.expiresAt, createdAt: b.createdAt })
      .from(b)
      .innerJoin(c, eq(c.id, b.conversationId))
      .where(and(eq(c.appId, appId), eq(b.clientId, clientId), or(isNull(b.expiresAt), gt(b.expiresAt, now))))
      .orderBy(asc(b.conversationId)),
    createReceiptRepository(database).listUnread(appId, clientId, { cap: UNREAD_CAP, now }),
    database.sql<{ conversation_id: string; id: string; timestamp: string; text: string | null; binary: boolean; lc_type: number | null; recalled: boolean }[]>`
      select m.conversation_id, m.id, m.timestamp, left(m.content_text, ${PREVIEW_CHARS}) as text,
             m.content_binary is not null as binary, m.lc_type, m.recalled
      from (
        select cv.id from conversation_members mm join conversations cv on cv.id = mm.conversation_id
        where mm.app_id = ${appId} and mm.client_id = ${clientId}
        order by cv.last_message_at desc nulls last limit ${CLIENT_RECENT_CONVERSATIONS}
      ) recent
      cross join lateral (
        select * from messages x where x.conversation_id = recent.id and x.from_client = ${clientId}
        order by x.timestamp desc, x.id desc limit ${CLIENT_RECENT_MESSAGES}
      ) m
      order by m.timestamp desc, m.id desc
      limit ${CLIENT_RECENT_MESSAGES}`,
    // Devices with a live IM session token (every node writes them): what the client is signed in
    // on, whether or not it is connected right now (the online badge says that).
    database.sql<{ device_id: string | null; tag: string | null; last_login: Date; sessions: string }[]>`
      select device_id, tag, max(issued_at) as last_login, count(*) as sessions
      from session_tokens
      where app_id = ${appId} and client_id = ${clientId} and revoked_at is null and expires_at > ${now.toISOString()}::timestamptz
      group by device_id, tag
      order by max(issued_at) desc
      limit ${CLIENT_DEVICES}`,
  ]);
  return {
    conversations,
    silenced,
    blocked,
    unread: unread.map((u) => ({ conversationId: u.conversationId, count: u.count, mentioned: u.mentioned })),
    devices: devices.map((d) => ({ deviceId: d.device_id, tag: d.tag, lastLogin: new Date(d.last_login), sessions: Number(d.sessions) })),
    recentMessages: recent.map((m) => ({
      conversationId: m.conversation_id,
      id: m.id,
      timestamp: Number(m.timestamp),
      text: m.text,
      binary: m.binary,
      lcType: m.lc_type,
      recalled: m.recalled,
    })),
  };
}
