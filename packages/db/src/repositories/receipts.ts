import type { ConversationKind, ReceiptRepository, UnreadSummary } from "@parley/core";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { conversationMembers as cm, conversations as c, messages as m } from "../schema/index.js";
import { asExecutor, textArray, type RepositoryTarget } from "./executor.js";
import { toConversation, toMessage } from "./rows.js";

/** The client's memberships that have unread/undelivered state: not chat rooms, not expired temporary ones. */
const countedMemberships = (appId: string, clientId: string, now: Date) => [
  eq(cm.appId, appId),
  eq(cm.clientId, clientId),
  sql`${c.kind} <> 'chatroom'`,
  sql`not (${c.kind} = 'temporary' and coalesce(${c.expiresAt} <= ${now.toISOString()}::timestamptz, false))`,
];

export function createReceiptRepository(target: RepositoryTarget): ReceiptRepository {
  const exec = asExecutor(target);
  return {
    async raise(conversationId, clientId, to, at) {
      const { sql: pg } = await exec.write();
      const d = to.deliveredAt ?? 0;
      const r = to.readAt ?? 0;
      const rows = await pg<{ bd: string; br: string; ad: string | null; ar: string | null }[]>`
        with old as (
          select delivered_at, read_at from conversation_members
          where conversation_id = ${conversationId} and client_id = ${clientId}
          for no key update
        ),
        upd as (
          update conversation_members m set
            delivered_at = greatest(m.delivered_at, ${d}::int8),
            read_at = greatest(m.read_at, ${r}::int8),
            read_changed_at = case when ${r}::int8 > m.read_at then ${at}::int8 else m.read_changed_at end
          from old
          where m.conversation_id = ${conversationId} and m.client_id = ${clientId}
            and (${d}::int8 > old.delivered_at or ${r}::int8 > old.read_at)
          returning m.delivered_at, m.read_at
        )
        select old.delivered_at as bd, old.read_at as br, upd.delivered_at as ad, upd.read_at as ar
        from old left join upd on true`;
      const row = rows[0];
      if (!row) return null;
      const before = { deliveredAt: Number(row.bd), readAt: Number(row.br) };
      const after = row.ad === null || row.ar === null ? { ...before } : { deliveredAt: Number(row.ad), readAt: Number(row.ar) };
      return { before, after };
    },

    async listUnread(appId, clientId, options) {
      const { db } = await exec.read();
      // Unread = stored messages after max(read watermark, join time), from others, visible to the client.
      const unread = sql`m.conversation_id = ${cm.conversationId}
        and m.timestamp > greatest(${cm.readAt}, floor(extract(epoch from ${cm.joinedAt}) * 1000)::int8)
        and m.from_client <> ${clientId}
        and (m.visible_to is null or ${clientId} = any(m.visible_to))`;
      // Capped: counts at most `cap` rows, so the cost is O(cap) per conversation whatever the backlog.
      const count = sql<number>`(select count(*) from (select 1 from messages m where ${unread} limit ${options.cap}) capped)`.mapWith(Number);
      // Only mentioning messages (a partial index) are looked at for the flag.
      const mentioned = sql<boolean>`exists (select 1 from messages m where ${unread}
        and (m.mention_all or m.mention_pids <> '{}'::text[])
        and (m.mention_all or ${clientId} = any(m.mention_pids)))`;
      const rows = await db
        .select({ conversation: c, count, mentioned })
        .from(cm)
        .innerJoin(c, eq(c.id, cm.conversationId))
        .where(
          and(
            ...countedMemberships(appId, clientId, options.now),
            options.since === undefined
              ? sql`exists (select 1 from messages m where ${unread})`
              : sql`(${c.lastMessageTimestamp} > ${options.since}::int8 or ${cm.readChangedAt} > ${options.since}::int8)`,
          ),
        )
        .orderBy(asc(cm.conversationId));
      return rows.map(
        (r): UnreadSummary => ({
          conversationId: r.conversation.id,
          kind: r.conversation.kind,
          count: r.count,
          mentioned: r.mentioned,
          lastMessage: toConversation(r.conversation).lastMessage,
        }),
      );
    },

    async raiseDeliveredMany(items, at, now) {
      if (items.length === 0) return [];
      const { sql: pg } = await exec.write();
      // A lost watermark only means a receipt or an unread count is re-derived later: this
      // transaction's commit need not wait for the disk (the messages themselves never go here).
      await pg`set local synchronous_commit = off`;
      // Last one wins per (conversation, client); locked in key order so concurrent batches cannot deadlock.
      const latest = new Map(items.map((i) => [`${i.conversationId}\u0000${i.clientId}`, i]));
      const list = [...latest.values()].sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
      const rows = await pg<{ cid: string; client: string; kind: ConversationKind; bd: string; ad: string }[]>`
        with req as (
          select * from unnest(${textArray(list.map((i) => i.appId))}::text[], ${textArray(list.map((i) => i.conversationId))}::text[],
            ${textArray(list.map((i) => i.clientId))}::text[], ${textArray(list.map((i) => String(i.deliveredAt)))}::text[])
            as r(app, cid, client, d)
        ),
        old as (
          select m.conversation_id, m.client_id, m.delivered_at, c.kind, r.d::int8 as d
          from req r
          join conversation_members m on m.conversation_id = r.cid and m.client_id = r.client
          join conversations c on c.id = r.cid and c.app_id = r.app
          where c.kind <> 'chatroom'
            and not (c.kind = 'temporary' and coalesce(c.expires_at <= ${now.toISOString()}::timestamptz, false))
          order by m.conversation_id, m.client_id
          for no key update of m
        ),
        upd as (
          update conversation_members m set delivered_at = old.d
          from old
          where m.conversation_id = old.conversation_id and m.client_id = old.client_id and old.d > old.delivered_at
          returning m.conversation_id, m.client_id, m.delivered_at
        )
        select old.conversation_id as cid, old.client_id as client, old.kind, old.delivered_at as bd,
          coalesce(upd.delivered_at, old.delivered_at) as ad
        from old left join upd on upd.conversation_id = old.conversation_id and upd.client_id = old.client_id`;
      void at; // read_changed_at moves with reads only
      return rows.map((r) => ({ conversationId: r.cid, clientId: r.client, kind: r.kind, before: Number(r.bd), after: Number(r.ad) }));
    },

    async listUndelivered(appId, clientId, options) {
      const { db } = await exec.read();
      const memberships = await db
        .select({ conversationId: cm.conversationId, base: sql<string>`greatest(${cm.deliveredAt}, floor(extract(epoch from ${cm.joinedAt}) * 1000)::int8)` })
        .from(cm)
        .innerJoin(c, eq(c.id, cm.conversationId))
        .where(
          and(
            ...countedMemberships(appId, clientId, options.now),
            // Only conversations with something newer than the watermark (one index probe each).
            sql`exists (select 1 from messages x where x.conversation_id = ${cm.conversationId}
              and x.timestamp > greatest(${cm.deliveredAt}, floor(extract(epoch from ${cm.joinedAt}) * 1000)::int8))`,
          ),
        );
      if (memberships.length === 0) return [];
      // One primary-key range per conversation (BitmapOr), merged in time order.
      const rows = await db
        .select()
        .from(m)
        .where(
          and(
            or(...memberships.map((r) => and(eq(m.conversationId, r.conversationId), sql`${m.timestamp} > ${r.base}::int8`))),
            sql`${m.fromClient} <> ${clientId}`,
            sql`(${m.visibleTo} is null or ${clientId} = any(${m.visibleTo}))`,
          ),
        )
        .orderBy(asc(m.timestamp), asc(m.id))
        .limit(options.limit);
      return rows.map(toMessage);
    },
  };
}
