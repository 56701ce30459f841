import type { MemberRepository } from "@parley/core";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { conversationMembers as cm, conversations } from "../schema/index.js";
import { asExecutor, prepared, textArray, type RepositoryTarget } from "./executor.js";
import { toMember } from "./rows.js";


export function createMemberRepository(target: RepositoryTarget): MemberRepository {
  const exec = asExecutor(target);
  return {
    async insert(members, options) {
      if (members.length === 0) return;
      const { sql: pg } = await exec.write();
      if (options?.ephemeral) await pg`set local synchronous_commit = off`;
      // app_id comes from the conversation; member_count follows the rows actually inserted.
      await pg`
        with v as (
          select * from unnest(
            ${textArray(members.map((m) => m.conversationId))}::text[],
            ${textArray(members.map((m) => m.clientId))}::text[],
            ${textArray(members.map((m) => m.role))}::text[],
            ${textArray(members.map((m) => m.joinedAt.toISOString()))}::text[],
            ${textArray(members.map((m) => String(m.pushMuted)))}::text[],
            ${textArray(members.map((m) => String(m.deliveredAt)))}::text[],
            ${textArray(members.map((m) => String(m.readAt)))}::text[]
          ) with ordinality as v(cid, client, role, joined, muted, delivered, read, n)
        ),
        ins as (
          insert into conversation_members (conversation_id, client_id, app_id, role, joined_at, push_muted, delivered_at, read_at)
          select v.cid, v.client, c.app_id, v.role::member_role, v.joined::timestamptz, v.muted::bool, v.delivered::int8, v.read::int8
          from v join conversations c on c.id = v.cid
          order by v.n
          on conflict (conversation_id, client_id) do nothing
          returning conversation_id
        ),
        n as (select conversation_id, count(*) as n from ins group by conversation_id)
        update conversations c set member_count = c.member_count + n.n from n where c.id = n.conversation_id`;
    },

    async remove(conversationId, clientIds) {
      if (clientIds.length === 0) return [];
      const { sql: pg } = await exec.write();
      const rows = await pg<{ client_id: string }[]>`
        with del as (
          delete from conversation_members
          where conversation_id = ${conversationId} and client_id = any(${textArray([...new Set(clientIds)])}::text[])
          returning client_id
        ),
        upd as (
          update conversations set member_count = member_count - (select count(*) from del)
          where id = ${conversationId} and exists (select 1 from del)
        )
        select client_id from del`;
      return rows.map((r) => r.client_id);
    },

    async get(conversationId, clientId) {
      const { db } = await exec.read(false);
      const [row] = await prepared(db, "members_get", (d) =>
        d
          .select()
          .from(cm)
          .where(and(eq(cm.conversationId, sql.placeholder("cid")), eq(cm.clientId, sql.placeholder("client")))),
      ).execute({ cid: conversationId, client: clientId });
      return row ? toMember(row) : null;
    },

    async getMany(conversationId, clientIds) {
      if (clientIds.length === 0) return [];
      const { db } = await exec.read(false);
      const rows = await prepared(db, "members_get_many", (d) =>
        d
          .select()
          .from(cm)
          .where(and(eq(cm.conversationId, sql.placeholder("cid")), sql`${cm.clientId} = any(${sql.placeholder("clients")}::text[])`)),
      ).execute({ cid: conversationId, clients: [...new Set(clientIds)] });
      return rows.map(toMember);
    },

    async list(conversationId, page) {
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(cm)
        .where(and(eq(cm.conversationId, conversationId), page.after !== null ? gt(cm.clientId, page.after) : undefined))
        .orderBy(asc(cm.clientId))
        .limit(page.limit);
      return rows.map(toMember);
    },

    async listIds(conversationId) {
      const { db } = await exec.read(false);
      const rows = await prepared(db, "members_list_ids", (d) =>
        d
          .select({ clientId: cm.clientId })
          .from(cm)
          .where(eq(cm.conversationId, sql.placeholder("cid")))
          .orderBy(asc(cm.clientId)),
      ).execute({ cid: conversationId });
      return rows.map((r) => r.clientId);
    },

    async count(conversationId) {
      const { db } = await exec.read(false);
      const [row] = await db
        .select({ n: conversations.memberCount })
        .from(conversations)
        .where(eq(conversations.id, conversationId));
      return row?.n ?? 0;
    },

    async listForConversations(conversationIds) {
      if (conversationIds.length === 0) return [];
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(cm)
        .where(inArray(cm.conversationId, [...new Set(conversationIds)]))
        .orderBy(asc(cm.conversationId), asc(cm.clientId));
      return rows.map(toMember);
    },

    async getForClient(clientId, conversationIds) {
      if (conversationIds.length === 0) return [];
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(cm)
        .where(and(eq(cm.clientId, clientId), inArray(cm.conversationId, [...new Set(conversationIds)])));
      return rows.map(toMember);
    },

    async setRole(conversationId, clientId, role) {
      const { db } = await exec.write();
      const rows = await db
        .update(cm)
        .set({ role })
        .where(and(eq(cm.conversationId, conversationId), eq(cm.clientId, clientId)))
        .returning({ clientId: cm.clientId });
      return rows.length > 0;
    },

    async setPushMuted(conversationId, clientId, muted) {
      const { db } = await exec.write();
      const rows = await db
        .update(cm)
        .set({ pushMuted: muted })
        .where(and(eq(cm.conversationId, conversationId), eq(cm.clientId, clientId)))
        .returning({ clientId: cm.clientId });
      return rows.length > 0;
    },
  };
}
