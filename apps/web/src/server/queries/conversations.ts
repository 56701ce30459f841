import "server-only";
import type { Database } from "@parley/db/client";
import { schema } from "@parley/db";
import { and, asc, eq, gt, gte, ilike, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { DomainError } from "@parley/core";
import { z } from "zod";

/**
 * Read-only console queries over conversations that core has no use case for yet
 * (a keyset console list with filters, member pages with watermarks and unread counts).
 * Every write goes through core use cases; see routers/conversation.ts.
 */

const c = schema.conversations;
const cm = schema.conversationMembers;

export const CONVERSATION_KINDS = ["normal", "chatroom", "service", "temporary"] as const;

const ClientIdFilter = z.string().trim().min(1).max(1024);

export const ConversationListFilter = z.object({
  kind: z.enum(CONVERSATION_KINDS).optional(),
  /** Conversations this client is a member (subscriber, joined client) of. */
  member: ClientIdFilter.optional(),
  creator: ClientIdFilter.optional(),
  /** Case-insensitive substring of the name. */
  name: z.string().trim().min(1).max(200).optional(),
  /** A custom attribute, `key=value`: a dotted key, a JSON value (else a string). */
  attribute: z.string().trim().min(2).max(1000).regex(/^[^=]+=/, "key=value").optional(),
  createdFrom: z.date().optional(),
  createdTo: z.date().optional(),
  lastMessageFrom: z.date().optional(),
  lastMessageTo: z.date().optional(),
});
export type ConversationListFilter = z.infer<typeof ConversationListFilter>;

/** Position after the last row of a page: (last_message_at desc nulls last, id asc). */
const Cursor = z.object({ lm: z.string().nullable(), id: z.string() });
type Cursor = z.infer<typeof Cursor>;

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString("base64url");
export function decodeCursor(text: string): Cursor | null {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    if (parsed.data.lm !== null && Number.isNaN(Date.parse(parsed.data.lm))) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/** `a.b=1` → {"a":{"b":1}}; a value that is not JSON is a string. */
export function attributeContainment(expression: string): Record<string, unknown> | null {
  const at = expression.indexOf("=");
  const key = expression.slice(0, at).trim();
  const raw = expression.slice(at + 1).trim();
  const path = key.split(".");
  if (path.some((p) => p.length === 0)) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return path.reduceRight<Record<string, unknown>>((inner, segment, i) => ({ [segment]: i === path.length - 1 ? value : inner }), {});
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function filterConditions(appId: string, f: ConversationListFilter): SQL[] {
  const where: (SQL | undefined)[] = [eq(c.appId, appId)];
  if (f.kind) where.push(eq(c.kind, f.kind));
  if (f.creator) where.push(eq(c.creator, f.creator));
  if (f.name) where.push(ilike(c.name, `%${escapeLike(f.name)}%`));
  if (f.member) {
    where.push(sql`exists (select 1 from ${cm} where ${cm.conversationId} = ${c.id} and ${cm.clientId} = ${f.member})`);
  }
  if (f.attribute) {
    const containment = attributeContainment(f.attribute);
    where.push(containment ? sql`${c.attributes} @> ${JSON.stringify(containment)}::jsonb` : sql`false`);
  }
  if (f.createdFrom) where.push(gte(c.createdAt, f.createdFrom));
  if (f.createdTo) where.push(lte(c.createdAt, f.createdTo));
  if (f.lastMessageFrom) where.push(gte(c.lastMessageAt, f.lastMessageFrom));
  if (f.lastMessageTo) where.push(lte(c.lastMessageAt, f.lastMessageTo));
  return where.filter((w): w is SQL => w !== undefined);
}

/** Rows strictly after the cursor in (last_message_at desc nulls last, id asc) order. */
/**
 * The rows after `cursor` in (last_message_at desc nulls last, id) order, as index ranges
 * to read one after another. One OR over all three would not be an index range (PostgreSQL
 * filtered ~900k rows for a deep page); each range alone is.
 */
function rangesAfter(cursor: Cursor): SQL[] {
  if (cursor.lm === null) return [and(isNull(c.lastMessageAt), gt(c.id, cursor.id))!];
  const lm = new Date(cursor.lm);
  return [and(eq(c.lastMessageAt, lm), gt(c.id, cursor.id))!, lt(c.lastMessageAt, lm), isNull(c.lastMessageAt)];
}

export interface ConversationListItem {
  id: string;
  kind: (typeof CONVERSATION_KINDS)[number];
  name: string | null;
  creator: string | null;
  memberCount: number;
  createdAt: Date;
  lastMessageAt: Date | null;
  lastMessageFrom: string | null;
  /** The last message's text, shortened (null for binary content). */
  lastMessagePreview: string | null;
  expiresAt: Date | null;
}

export const PREVIEW_CHARS = 140;

/**
 * One page of an app's conversations, newest activity first. Keyset pagination on the
 * (app_id, last_message_at desc nulls last, id) index: the cost of a page does not grow
 * with how far the operator has scrolled.
 */
export async function listConversationPage(
  database: Database,
  appId: string,
  filter: ConversationListFilter,
  page: { cursor: string | null; limit: number },
): Promise<{ items: ConversationListItem[]; nextCursor: string | null }> {
  const where = filterConditions(appId, filter);
  let ranges: (SQL | undefined)[] = [undefined];
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    if (!cursor) return { items: [], nextCursor: null };
    ranges = rangesAfter(cursor);
  }
  const rows: ConversationListItem[] = [];
  for (const range of ranges) {
    const want = page.limit + 1 - rows.length;
    if (want <= 0) break;
    rows.push(
      ...(await database.db
        .select({
          id: c.id,
          kind: c.kind,
          name: c.name,
          creator: c.creator,
          memberCount: c.memberCount,
          createdAt: c.createdAt,
          lastMessageAt: c.lastMessageAt,
          lastMessageFrom: c.lastMessageFrom,
          lastMessagePreview: sql<string | null>`left(${c.lastMessageText}, ${PREVIEW_CHARS})`,
          expiresAt: c.expiresAt,
        })
        .from(c)
        .where(and(...where, range))
        .orderBy(sql`${c.lastMessageAt} desc nulls last`, asc(c.id))
        .limit(want)),
    );
  }
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > page.limit && last ? encodeCursor({ lm: last.lastMessageAt?.toISOString() ?? null, id: last.id }) : null;
  return { items, nextCursor };
}

export interface MemberRow {
  clientId: string;
  role: "Owner" | "Manager" | "Member";
  joinedAt: Date;
  pushMuted: boolean;
  deliveredAt: number;
  readAt: number;
  /** Unread messages for this member, capped at UNREAD_CAP + 1 (shown as "99+"). */
  unread: number;
}

export const UNREAD_CAP = 99;

/**
 * A page of a conversation's members (subscribers, joined clients) by client id, with
 * their receipt watermarks and unread counts. Unread follows the receipt repository's
 * rule: messages after max(read watermark, joined), not from the member, visible to it.
 */
export async function listMemberPage(
  database: Database,
  conversationId: string,
  page: { after: string | null; prefix: string | null; limit: number },
): Promise<{ items: MemberRow[]; next: string | null }> {
  const where: SQL[] = [eq(cm.conversationId, conversationId)];
  if (page.after) where.push(gt(cm.clientId, page.after));
  if (page.prefix) where.push(sql`${cm.clientId} like ${`${escapeLike(page.prefix)}%`}`);
  const rows = await database.db
    .select({
      clientId: cm.clientId,
      role: cm.role,
      joinedAt: cm.joinedAt,
      pushMuted: cm.pushMuted,
      deliveredAt: cm.deliveredAt,
      readAt: cm.readAt,
      // Written out with table names: drizzle leaves select-list columns unqualified.
      unread: sql<number>`(
        select count(*)::int from (
          select 1 from messages um
          where um.conversation_id = conversation_members.conversation_id
            and um.timestamp > greatest(conversation_members.read_at, (extract(epoch from conversation_members.joined_at) * 1000)::bigint)
            and um.from_client <> conversation_members.client_id
            and (um.visible_to is null or conversation_members.client_id = any(um.visible_to))
          limit ${UNREAD_CAP + 1}
        ) u)`,
    })
    .from(cm)
    .where(and(...where))
    .orderBy(asc(cm.clientId))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, next: rows.length > page.limit ? (items[items.length - 1]?.clientId ?? null) : null };
}

/** Delivery and read state of messages from the members' watermarks (normal and temporary conversations). */
export async function messageReceiptCounts(
  database: Database,
  conversationId: string,
  messages: readonly { id: string; timestamp: number; from: string }[],
): Promise<Map<string, { recipients: number; delivered: number; read: number }>> {
  const out = new Map<string, { recipients: number; delivered: number; read: number }>();
  if (messages.length === 0) return out;
  const ids = messages.map((m) => m.id);
  const stamps = messages.map((m) => m.timestamp);
  const senders = messages.map((m) => m.from);
  const rows = await database.sql<{ id: string; recipients: number; delivered: number; read: number }[]>`
    select m.id,
           count(cm.client_id)::int as recipients,
           count(*) filter (where cm.delivered_at >= m.ts or cm.read_at >= m.ts)::int as delivered,
           count(*) filter (where cm.read_at >= m.ts)::int as read
    from unnest(${ids}::text[], ${stamps}::bigint[], ${senders}::text[]) as m(id, ts, sender)
    left join conversation_members cm on cm.conversation_id = ${conversationId} and cm.client_id <> m.sender
    group by m.id`;
  for (const r of rows) out.set(r.id, { recipients: r.recipients, delivered: r.delivered, read: r.read });
  return out;
}

/** Silences and blocks of a conversation with their reasons and expiry (core's list use cases return ids only). */
export async function listModeration(database: Database, conversationId: string, now: Date) {
  const s = schema.conversationSilences;
  const b = schema.conversationBlocks;
  const [silences, blocks] = await Promise.all([
    database.db
      .select()
      .from(s)
      .where(and(eq(s.conversationId, conversationId), or(isNull(s.expiresAt), gt(s.expiresAt, now))))
      .orderBy(asc(s.clientId))
      .limit(1000),
    database.db
      .select()
      .from(b)
      .where(and(eq(b.conversationId, conversationId), or(isNull(b.expiresAt), gt(b.expiresAt, now))))
      .orderBy(asc(b.clientId))
      .limit(1000),
  ]);
  return {
    silences: silences.map((r) => ({ clientId: r.clientId, reason: r.reason, createdAt: r.createdAt, expiresAt: r.expiresAt, by: r.silencedBy })),
    blocks: blocks.map((r) => ({ clientId: r.clientId, reason: r.reason, createdAt: r.createdAt, expiresAt: r.expiresAt, by: r.blockedBy })),
  };
}

/** Kept revisions of a message, oldest first (admins only). */
export async function listRevisions(database: Database, conversationId: string, messageId: string) {
  const r = schema.messageRevisions;
  const rows = await database.db
    .select()
    .from(r)
    .where(and(eq(r.conversationId, conversationId), eq(r.messageId, messageId)))
    .orderBy(asc(r.id));
  return rows.map((row) => ({
    kind: row.kind,
    text: row.contentText,
    binaryBase64: row.contentBinary ? Buffer.from(row.contentBinary).toString("base64") : null,
    replacedAt: row.replacedAt,
    replacedBy: row.replacedBy,
    reason: row.reason,
  }));
}


/** CONVERSATION_NOT_FOUND unless the conversation exists in this app (for reads that key by conversation id alone). */
export async function assertConversationInApp(database: Database, appId: string, conversationId: string): Promise<{ kind: ConversationListItem["kind"] }> {
  const [row] = await database.db
    .select({ kind: c.kind })
    .from(c)
    .where(and(eq(c.appId, appId), eq(c.id, conversationId)))
    .limit(1);
  if (!row) throw new DomainError("CONVERSATION_NOT_FOUND", `unknown conversation ${conversationId}`);
  return row;
}
