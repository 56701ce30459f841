import { DomainError, type ConversationRepository } from "@parley/core";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { apps, conversations as c } from "../schema/index.js";
import { toApp } from "./apps.js";
import { filterToSql, sortToSql } from "./conversation-filter.js";
import { asExecutor, prepared, textArray, type RepositoryTarget } from "./executor.js";
import { writeHotOps } from "./hot-writes.js";
import { lastMessageColumns, toConversation } from "./rows.js";

/** PostgreSQL rejected a translated regular expression. */
const rethrowQueryError = (e: unknown): never => {
  const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === "2201B") throw new DomainError("CONVERSATION_QUERY_INVALID", "invalid regular expression", { cause: String(e) });
  throw e;
};

export function createConversationRepository(target: RepositoryTarget): ConversationRepository {
  const exec = asExecutor(target);
  return {
    async insert(conv) {
      const { db } = await exec.write();
      await db.insert(c).values({
        id: conv.id,
        appId: conv.appId,
        kind: conv.kind,
        name: conv.name,
        creator: conv.creator,
        attributes: conv.attributes,
        unique: conv.unique,
        uniqueId: conv.uniqueId,
        createdAt: conv.createdAt,
        updatedAt: conv.updatedAt,
        ...lastMessageColumns(conv.lastMessage),
        lastMessageAt: conv.lastMessageAt,
        expiresAt: conv.expiresAt,
        memberCount: 0,
      });
    },

    async get(appId, id) {
      const { db } = await exec.read();
      const [row] = await prepared(db, "conversations_get", (d) =>
        d
          .select()
          .from(c)
          .where(and(eq(c.appId, sql.placeholder("app")), eq(c.id, sql.placeholder("id")))),
      ).execute({ app: appId, id });
      return row ? toConversation(row) : null;
    },

    async getForSend(appId, id, options) {
      const { db } = await exec.read();
      // One statement instead of six: the send path's only read before its deferred insert.
      const [row] = await prepared(db, "conversations_get_for_send", (d) =>
        d
          .select({
            app: apps,
            conversation: c,
            isMember: sql<boolean>`exists (select 1 from conversation_members m
              where m.conversation_id = ${c.id} and m.client_id = ${sql.placeholder("sender")})`,
            blocked: sql<boolean>`exists (select 1 from conversation_blocks b
              where b.conversation_id = ${c.id} and b.client_id = ${sql.placeholder("sender")}
              and (b.expires_at is null or b.expires_at > ${sql.placeholder("now")}::timestamptz))`,
            // null = not silenced; 0 = silenced until lifted; otherwise the expiry (ms).
            silencedUntil: sql<string | null>`(select coalesce((extract(epoch from s.expires_at) * 1000)::int8, 0) from conversation_silences s
              where s.conversation_id = ${c.id} and s.client_id = ${sql.placeholder("sender")}
              and (s.expires_at is null or s.expires_at > ${sql.placeholder("now")}::timestamptz))`,
            memberIds: sql<string | null>`case when ${sql.placeholder("memberIds")}::text = 'none'
                or (${c.kind} = 'service' and ${sql.placeholder("memberIds")}::text = 'unless-service') then null
              else (select coalesce(string_agg(m.client_id, chr(1) order by m.client_id), '') from conversation_members m
                where m.conversation_id = ${c.id}) end`,
          })
          .from(apps)
          .leftJoin(c, and(eq(c.appId, apps.id), eq(c.id, sql.placeholder("id"))))
          .where(eq(apps.id, sql.placeholder("app"))),
      ).execute({
        app: appId,
        id,
        // No client id is empty: a server or operator sender matches no row.
        sender: options.senderId ?? "",
        now: options.now.toISOString(),
        memberIds: options.memberIds,
      });
      if (!row) return null;
      if (!row.conversation) {
        return { app: toApp(row.app), conversation: null, senderIsMember: false, senderBlocked: false, senderSilence: null, memberIds: null };
      }
      const until = row.silencedUntil === null ? null : Number(row.silencedUntil);
      return {
        app: toApp(row.app),
        conversation: toConversation(row.conversation),
        senderIsMember: row.isMember,
        senderBlocked: row.blocked,
        senderSilence: until === null ? null : { expiresAt: until === 0 ? null : new Date(until) },
        // Client ids never contain control characters (isValidClientId), so \u0001 separates them.
        memberIds: row.memberIds === null ? null : row.memberIds === "" ? [] : row.memberIds.split("\u0001"),
      };
    },

    async getMany(appId, ids) {
      if (ids.length === 0) return [];
      const { db } = await exec.read();
      const rows = await db
        .select()
        .from(c)
        .where(and(eq(c.appId, appId), inArray(c.id, [...new Set(ids)])));
      return rows.map(toConversation);
    },

    async findUnique(appId, kind, uniqueId, now) {
      const { db } = await exec.read();
      const [row] = await db
        .select()
        .from(c)
        .where(
          and(
            eq(c.appId, appId),
            eq(c.kind, kind),
            eq(c.unique, true),
            eq(c.uniqueId, uniqueId),
            kind === "temporary" ? sql`${c.expiresAt} > ${now.toISOString()}::timestamptz` : undefined,
          ),
        )
        .orderBy(asc(c.createdAt), asc(c.id))
        .limit(1);
      return row ? toConversation(row) : null;
    },

    async query(appId, query) {
      const { db } = await exec.read();
      try {
        const rows = await db
          .select()
          .from(c)
          .where(and(eq(c.appId, appId), filterToSql(query.filter)))
          .orderBy(...sortToSql(query.sort))
          .limit(query.limit)
          .offset(query.skip);
        return rows.map(toConversation);
      } catch (e) {
        return rethrowQueryError(e);
      }
    },

    async count(appId, filter) {
      const { db } = await exec.read();
      try {
        const [row] = await db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(c)
          .where(and(eq(c.appId, appId), filterToSql(filter)));
        return row?.n ?? 0;
      } catch (e) {
        return rethrowQueryError(e);
      }
    },

    async update(appId, id, changes) {
      const { db } = await exec.write();
      const [row] = await db
        .update(c)
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.attributes !== undefined ? { attributes: changes.attributes } : {}),
          updatedAt: changes.updatedAt,
        })
        .where(and(eq(c.appId, appId), eq(c.id, id)))
        .returning();
      return row ? toConversation(row) : null;
    },

    async advanceLastMessage(appId, id, lastMessage) {
      const op = { kind: "lastMessage", appId, conversationId: id, lastMessage } as const;
      if (exec.defer(op)) return;
      const { sql: pg } = await exec.write();
      await writeHotOps(pg, [op]);
    },

    async replaceLastMessage(appId, id, lastMessage) {
      const { db } = await exec.write();
      await db
        .update(c)
        .set(lastMessageColumns(lastMessage))
        .where(and(eq(c.appId, appId), eq(c.id, id), eq(c.lastMessageId, lastMessage.id)));
    },

    async delete(appId, id) {
      const { sql: pg } = await exec.write();
      // Members, moderation rows and revisions go by ON DELETE CASCADE; messages have no
      // foreign key (see the messages table) and are deleted here, after the row lock.
      const rows = await pg<{ id: string }[]>`
        with gone as (delete from conversations where app_id = ${appId} and id = ${id} returning id)
        select id from gone`;
      if (rows.length > 0) await pg`delete from messages where conversation_id = ${id}`;
      return rows.length > 0;
    },

    async deleteExpired(now, limit) {
      const { sql: pg } = await exec.write();
      const rows = await pg<{ id: string }[]>`
        delete from conversations where id in (
          select id from conversations
          where kind = 'temporary' and expires_at <= ${now.toISOString()}::timestamptz
          order by expires_at limit ${limit} for update skip locked)
        returning id`;
      if (rows.length > 0) {
        await pg`delete from messages where conversation_id = any(${textArray(rows.map((r) => r.id))}::text[])`;
      }
      return rows.length;
    },
  };
}
