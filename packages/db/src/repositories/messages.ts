import type { Message, MessageBound, MessageRepository, MessageRevision } from "@parley/core";
import { and, asc, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { conversationMembers, messageRevisions as rev, messages as m } from "../schema/index.js";
import { asExecutor, prepared, textArray, type RepositoryTarget } from "./executor.js";
import { writeHotOps } from "./hot-writes.js";
import { contentColumns, contentOf, toMessage } from "./rows.js";

const lowerBound = (b: MessageBound): SQL =>
  b.messageId !== undefined
    ? b.inclusive
      ? sql`(${m.timestamp}, ${m.id}) >= (${b.timestamp}::int8, ${b.messageId})`
      : sql`(${m.timestamp}, ${m.id}) > (${b.timestamp}::int8, ${b.messageId})`
    : b.inclusive
      ? sql`${m.timestamp} >= ${b.timestamp}::int8`
      : sql`${m.timestamp} > ${b.timestamp}::int8`;

const upperBound = (b: MessageBound): SQL =>
  b.messageId !== undefined
    ? b.inclusive
      ? sql`(${m.timestamp}, ${m.id}) <= (${b.timestamp}::int8, ${b.messageId})`
      : sql`(${m.timestamp}, ${m.id}) < (${b.timestamp}::int8, ${b.messageId})`
    : b.inclusive
      ? sql`${m.timestamp} <= ${b.timestamp}::int8`
      : sql`${m.timestamp} < ${b.timestamp}::int8`;

const visibleTo = (clientId: string) => or(isNull(m.visibleTo), sql`${clientId} = any(${m.visibleTo})`);

type RevisionRow = typeof rev.$inferSelect;
const toRevision = (r: RevisionRow): MessageRevision => ({
  conversationId: r.conversationId,
  messageId: r.messageId,
  content: contentOf(r.contentText, r.contentBinary),
  replacedAt: r.replacedAt,
  replacedBy: r.replacedBy,
  reason: r.reason,
  kind: r.kind,
});

export function createMessageRepository(target: RepositoryTarget): MessageRepository {
  const exec = asExecutor(target);
  return {
    async insert(message) {
      const op = { kind: "message", message } as const;
      if (exec.defer(op)) return;
      const { sql: pg } = await exec.write();
      await writeHotOps(pg, [op]);
    },

    async get(conversationId, messageId) {
      const { db } = await exec.read();
      const [row] = await prepared(db, "messages_get", (d) =>
        d
          .select()
          .from(m)
          .where(and(eq(m.conversationId, sql.placeholder("cid")), eq(m.id, sql.placeholder("id")))),
      ).execute({ cid: conversationId, id: messageId });
      return row ? toMessage(row) : null;
    },

    async range(r) {
      const { db } = await exec.read();
      const newest = r.take === "newest";
      const rows = await db
        .select()
        .from(m)
        .where(
          and(
            eq(m.conversationId, r.conversationId),
            r.lower ? lowerBound(r.lower) : undefined,
            r.upper ? upperBound(r.upper) : undefined,
            r.lcType !== undefined ? eq(m.lcType, r.lcType) : undefined,
            r.from !== undefined ? eq(m.fromClient, r.from) : undefined,
            r.visibleTo !== undefined ? visibleTo(r.visibleTo) : undefined,
          ),
        )
        .orderBy(...(newest ? [desc(m.timestamp), desc(m.id)] : [asc(m.timestamp), asc(m.id)]))
        .limit(r.limit);
      const list = rows.map(toMessage);
      return newest ? list.reverse() : list;
    },

    async patch(conversationId, messageId, patch) {
      const { db } = await exec.write();
      const c = contentColumns(patch.content);
      const [row] = await db
        .update(m)
        .set({
          contentText: c.text,
          contentBinary: c.binary,
          lcType: patch.lcType,
          mentionAll: patch.mentionAll,
          mentionPids: patch.mentionPids,
          patchTimestamp: patch.patchTimestamp,
          recalled: patch.recalled,
        })
        .where(and(eq(m.conversationId, conversationId), eq(m.id, messageId)))
        .returning();
      return row ? toMessage(row) : null;
    },

    async insertRevision(revision) {
      const { db } = await exec.write();
      const c = contentColumns(revision.content);
      await db.insert(rev).values({
        conversationId: revision.conversationId,
        messageId: revision.messageId,
        contentText: c.text,
        contentBinary: c.binary,
        replacedAt: revision.replacedAt,
        replacedBy: revision.replacedBy,
        reason: revision.reason,
        kind: revision.kind,
      });
    },

    async listRevisions(conversationId, messageId) {
      const { db } = await exec.read();
      const rows = await db
        .select()
        .from(rev)
        .where(and(eq(rev.conversationId, conversationId), eq(rev.messageId, messageId)))
        .orderBy(asc(rev.id));
      return rows.map(toRevision);
    },

    async listReceiptRequests(conversationId, o) {
      const { db } = await exec.read();
      const rows = await db
        .select()
        .from(m)
        .where(
          and(
            eq(m.conversationId, conversationId),
            sql`${m.timestamp} between ${o.fromTs}::int8 and ${o.toTs}::int8`,
            eq(m.receipt, true),
            ne(m.fromClient, o.notFrom),
            visibleTo(o.notFrom),
          ),
        )
        .orderBy(desc(m.timestamp), desc(m.id))
        .limit(o.limit);
      return rows.map(toMessage).reverse();
    },

    async listReceiptRequestsMany(ranges, limit) {
      if (ranges.length === 0) return [];
      const { sql: pg, db } = await exec.read();
      // Each range's newest `limit` receipt-requesting messages, one lateral index scan each;
      // usually there are none, and this one round trip is all an ack batch reads.
      const hits = await pg<{ n: string; cid: string; id: string }[]>`
        select r.n, x.conversation_id as cid, x.id from unnest(${textArray(ranges.map((r) => r.conversationId))}::text[],
          ${textArray(ranges.map((r) => String(r.fromTs)))}::text[], ${textArray(ranges.map((r) => String(r.toTs)))}::text[],
          ${textArray(ranges.map((r) => r.notFrom))}::text[]) with ordinality as r(cid, f, t, nf, n)
        cross join lateral (
          select m.conversation_id, m.id from messages m
          where m.conversation_id = r.cid and m.timestamp between r.f::int8 and r.t::int8 and m.receipt
            and m.from_client <> r.nf and (m.visible_to is null or r.nf = any(m.visible_to))
          order by m.timestamp desc, m.id desc
          limit ${limit}
        ) x`;
      const out: Message[][] = ranges.map(() => []);
      if (hits.length === 0) return out;
      const rows = await db
        .select()
        .from(m)
        .where(or(...hits.map((h) => and(eq(m.conversationId, h.cid), eq(m.id, h.id)))));
      const byKey = new Map(rows.map((r) => [`${r.conversationId}\u0000${r.id}`, toMessage(r)]));
      for (const h of hits) {
        const message = byKey.get(`${h.cid}\u0000${h.id}`);
        if (message) out[Number(h.n) - 1]!.push(message);
      }
      return out.map((list) => list.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    },

    async listPatchedSince(appId, clientId, since, limit) {
      const { db } = await exec.read();
      const memberOf = db
        .select({ id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(and(eq(conversationMembers.appId, appId), eq(conversationMembers.clientId, clientId)));
      const rows = await db
        .select()
        .from(m)
        .where(and(inArray(m.conversationId, memberOf), gt(m.patchTimestamp, since), visibleTo(clientId)))
        .orderBy(asc(m.patchTimestamp), asc(m.id))
        .limit(limit);
      return rows.map(toMessage);
    },
  };
}
