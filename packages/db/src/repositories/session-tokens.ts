import type { SessionToken, SessionTokenRepository } from "@parley/core";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { sessionTokens as t } from "../schema/index.js";
import { asExecutor, type RepositoryTarget } from "./executor.js";

type TokenRow = typeof t.$inferSelect;

const toToken = (r: TokenRow): SessionToken => ({
  tokenHash: r.tokenHash,
  appId: r.appId,
  clientId: r.clientId,
  tag: r.tag,
  deviceId: r.deviceId,
  issuedAt: r.issuedAt,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
  revokedReason: r.revokedReason,
});

export function createSessionTokenRepository(target: RepositoryTarget): SessionTokenRepository {
  const exec = asExecutor(target);
  return {
    async insert(token) {
      const { db } = await exec.write();
      await db.insert(t).values({ ...token });
    },

    async get(appId, tokenHash) {
      const { db } = await exec.read(false);
      const [row] = await db
        .select()
        .from(t)
        .where(and(eq(t.appId, appId), eq(t.tokenHash, tokenHash)));
      return row ? toToken(row) : null;
    },

    async revoke(appId, tokenHash, reason, at) {
      const { db } = await exec.write();
      await db
        .update(t)
        .set({ revokedAt: at, revokedReason: reason })
        .where(and(eq(t.appId, appId), eq(t.tokenHash, tokenHash), isNull(t.revokedAt)));
    },

    async revokeTagged(appId, clientId, tag, exceptDeviceId, reason, at) {
      const { db } = await exec.write();
      const before = await db
        .select()
        .from(t)
        .where(
          and(
            eq(t.appId, appId),
            eq(t.clientId, clientId),
            eq(t.tag, tag),
            sql`${t.deviceId} is distinct from ${exceptDeviceId}`,
            isNull(t.revokedAt),
            sql`${t.expiresAt} > ${at.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(t.issuedAt, t.tokenHash)
        .for("update");
      if (before.length === 0) return [];
      await db
        .update(t)
        .set({ revokedAt: at, revokedReason: reason })
        .where(inArray(t.tokenHash, before.map((r) => r.tokenHash)));
      return before.map(toToken);
    },

    async deleteExpired(before, limit) {
      const { db } = await exec.write();
      const rows = await db
        .delete(t)
        .where(
          inArray(
            t.tokenHash,
            sql`(select token_hash from session_tokens where expires_at < ${before.toISOString()}::timestamptz
                 limit ${limit} for update skip locked)`,
          ),
        )
        .returning({ tokenHash: t.tokenHash });
      return rows.length;
    },
  };
}
