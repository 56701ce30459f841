import type { AuditEntry, AuditRepository } from "@parley/core";
import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog as a } from "../schema/index.js";
import { asExecutor, type RepositoryTarget } from "./executor.js";

type AuditRow = typeof a.$inferSelect;

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  appId: r.appId,
  operatorId: r.operatorId,
  role: r.operatorRole,
  action: r.action,
  target: r.target,
  before: r.before ?? null,
  after: r.after ?? null,
  ip: r.ip,
  userAgent: r.userAgent,
  at: r.at,
});

const conversationOf = (target: string): string | null => (target.startsWith("conversation:") ? target.slice("conversation:".length) : null);

export function createAuditRepository(target: RepositoryTarget): AuditRepository {
  const exec = asExecutor(target);
  return {
    async append(entry) {
      const { db } = await exec.write();
      await db.insert(a).values({
        id: entry.id,
        at: entry.at,
        operatorId: entry.operatorId,
        operatorRole: entry.role,
        action: entry.action,
        appId: entry.appId,
        conversationId: conversationOf(entry.target),
        target: entry.target,
        before: entry.before === undefined ? null : entry.before,
        after: entry.after === undefined ? null : entry.after,
        ip: entry.ip,
        userAgent: entry.userAgent,
      });
    },

    async list(options) {
      const { db } = await exec.read(false);
      const rows = await db
        .select()
        .from(a)
        .where(
          and(
            options.appId !== undefined ? eq(a.appId, options.appId) : undefined,
            options.operatorId !== undefined ? eq(a.operatorId, options.operatorId) : undefined,
            options.before !== undefined
              ? sql`(${a.at}, ${a.id}) < (${options.before.at.toISOString()}::timestamptz, ${options.before.id})`
              : undefined,
          ),
        )
        .orderBy(desc(a.at), desc(a.id))
        .limit(options.limit);
      return rows.map(toEntry);
    },
  };
}
