import type { Block, ModerationRepository, Silence } from "@parley/core";
import { and, asc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { conversationBlocks as b, conversationSilences as s } from "../schema/index.js";
import { asExecutor, prepared, type RepositoryTarget } from "./executor.js";

type SilenceRow = typeof s.$inferSelect;
type BlockRow = typeof b.$inferSelect;

const toSilence = (r: SilenceRow): Silence => ({
  conversationId: r.conversationId,
  clientId: r.clientId,
  silencedBy: r.silencedBy,
  reason: r.reason,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
});

const toBlock = (r: BlockRow): Block => ({
  conversationId: r.conversationId,
  clientId: r.clientId,
  blockedBy: r.blockedBy,
  reason: r.reason,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
});

const active = (now: Date) => or(isNull(s.expiresAt), sql`${s.expiresAt} > ${now.toISOString()}::timestamptz`);

/** Last one wins for duplicate keys (one statement may not touch a row twice). */
const lastByKey = <T extends { conversationId: string; clientId: string }>(items: readonly T[]): T[] => [
  ...new Map(items.map((i) => [`${i.conversationId}\u0000${i.clientId}`, i])).values(),
];

export function createModerationRepository(target: RepositoryTarget): ModerationRepository {
  const exec = asExecutor(target);
  return {
    async upsertSilences(silences) {
      if (silences.length === 0) return;
      const { db } = await exec.write();
      await db
        .insert(s)
        .values(lastByKey(silences).map((x) => ({ ...x })))
        .onConflictDoUpdate({
          target: [s.conversationId, s.clientId],
          set: {
            silencedBy: sql`excluded.silenced_by`,
            reason: sql`excluded.reason`,
            createdAt: sql`excluded.created_at`,
            expiresAt: sql`excluded.expires_at`,
          },
        });
    },

    async deleteSilences(conversationId, clientIds) {
      if (clientIds.length === 0) return [];
      const { db } = await exec.write();
      const rows = await db
        .delete(s)
        .where(and(eq(s.conversationId, conversationId), inArray(s.clientId, [...new Set(clientIds)])))
        .returning({ clientId: s.clientId });
      return rows.map((r) => r.clientId);
    },

    async getActiveSilences(conversationId, clientIds, now) {
      if (clientIds.length === 0) return [];
      const { db } = await exec.read(false);
      const rows = await prepared(db, "silences_get_active", (d) =>
        d
          .select()
          .from(s)
          .where(
            and(
              eq(s.conversationId, sql.placeholder("cid")),
              sql`${s.clientId} = any(${sql.placeholder("clients")}::text[])`,
              or(isNull(s.expiresAt), sql`${s.expiresAt} > ${sql.placeholder("now")}::timestamptz`),
            ),
          ),
      ).execute({ cid: conversationId, clients: [...new Set(clientIds)], now: now.toISOString() });
      return rows.map(toSilence);
    },

    async listActiveSilences(conversationId, page) {
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(s)
        .where(and(eq(s.conversationId, conversationId), active(page.now), page.after !== null ? gt(s.clientId, page.after) : undefined))
        .orderBy(asc(s.clientId))
        .limit(page.limit);
      return rows.map(toSilence);
    },

    async upsertBlocks(blocks) {
      if (blocks.length === 0) return;
      const { db } = await exec.write();
      await db
        .insert(b)
        .values(lastByKey(blocks).map((x) => ({ ...x })))
        .onConflictDoUpdate({
          target: [b.conversationId, b.clientId],
          set: {
            blockedBy: sql`excluded.blocked_by`,
            reason: sql`excluded.reason`,
            createdAt: sql`excluded.created_at`,
            expiresAt: sql`excluded.expires_at`,
          },
        });
    },

    async deleteBlocks(conversationId, clientIds) {
      if (clientIds.length === 0) return [];
      const { db } = await exec.write();
      const rows = await db
        .delete(b)
        .where(and(eq(b.conversationId, conversationId), inArray(b.clientId, [...new Set(clientIds)])))
        .returning({ clientId: b.clientId });
      return rows.map((r) => r.clientId);
    },

    async getActiveBlocks(conversationId, clientIds, now) {
      if (clientIds.length === 0) return [];
      const { db } = await exec.read(false);
      const rows = await prepared(db, "blocks_get_active", (d) =>
        d
          .select()
          .from(b)
          .where(
            and(
              eq(b.conversationId, sql.placeholder("cid")),
              sql`${b.clientId} = any(${sql.placeholder("clients")}::text[])`,
              or(isNull(b.expiresAt), sql`${b.expiresAt} > ${sql.placeholder("now")}::timestamptz`),
            ),
          ),
      ).execute({ cid: conversationId, clients: [...new Set(clientIds)], now: now.toISOString() });
      return rows.map(toBlock);
    },

    async listActiveBlocks(conversationId, page) {
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(b)
        .where(
          and(
            eq(b.conversationId, conversationId),
            or(isNull(b.expiresAt), sql`${b.expiresAt} > ${page.now.toISOString()}::timestamptz`),
            page.after !== null ? gt(b.clientId, page.after) : undefined,
          ),
        )
        .orderBy(asc(b.clientId))
        .limit(page.limit);
      return rows.map(toBlock);
    },
  };
}
