import "server-only";
import type { Database } from "@parley/db/client";
import { schema } from "@parley/db";
import { asc, sql } from "drizzle-orm";

/**
 * The operators page (read-only): every operator with their last sign-in, taken from
 * the audit trail (`auth.signIn` rows), and how many sessions are open now.
 */

const o = schema.operators;

export interface OperatorRow {
  id: string;
  email: string;
  name: string;
  role: "admin" | "moderator" | "viewer";
  disabled: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  openSessions: number;
}

/** `idleBefore`: sessions unused since then have ended even if not swept yet. */
export async function listOperators(database: Database, at: { now: Date; idleBefore: Date }): Promise<OperatorRow[]> {
  const rows = await database.db
    .select({
      id: o.id,
      email: o.email,
      name: o.name,
      role: o.role,
      disabled: o.disabled,
      createdAt: o.createdAt,
      lastSignInAt: sql<string | null>`(
        select a.at from audit_log a
        where a.operator_id = operators.id and a.action = 'auth.signIn'
        order by a.at desc limit 1)`,
      openSessions: sql<number>`(
        select count(*)::int from operator_sessions s
        where s.operator_id = operators.id and s.expires_at > ${at.now.toISOString()}::timestamptz
          and s.last_seen_at > ${at.idleBefore.toISOString()}::timestamptz)`,
    })
    .from(o)
    .orderBy(asc(o.createdAt), asc(o.id));
  return rows.map((r) => ({ ...r, lastSignInAt: r.lastSignInAt ? new Date(r.lastSignInAt) : null, openSessions: Number(r.openSessions) }));
}
