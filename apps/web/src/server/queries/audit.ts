import "server-only";
import type { Database } from "@parley/db/client";
import { schema } from "@parley/db";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

/**
 * The audit trail with the console's filters. Core's AuditRepository.list filters by app
 * and operator only; action, conversation and time range are read here (read-only).
 */

const a = schema.auditLog;
const o = schema.operators;

export const AuditFilter = z.object({
  appId: z.string().min(1).max(64).optional(),
  operatorId: z.string().min(1).max(64).optional(),
  /** Exact action ("member.silence") or a prefix ending in "." ("member."). */
  action: z.string().trim().min(1).max(100).optional(),
  conversationId: z.string().trim().min(1).max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export interface AuditRow {
  id: string;
  at: Date;
  operatorId: string;
  operatorName: string | null;
  operatorEmail: string | null;
  role: "admin" | "moderator" | "viewer";
  action: string;
  appId: string | null;
  conversationId: string | null;
  target: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
}

const Cursor = z.object({ at: z.iso.datetime(), id: z.string() });

const encode = (row: { at: Date; id: string }) => Buffer.from(JSON.stringify({ at: row.at.toISOString(), id: row.id })).toString("base64url");

function decode(text: string): { at: string; id: string } | null {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Newest first, keyset by (at, id). */
export async function listAuditPage(
  database: Database,
  filter: AuditFilter,
  page: { cursor: string | null; limit: number },
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (filter.appId) where.push(eq(a.appId, filter.appId));
  if (filter.operatorId) where.push(eq(a.operatorId, filter.operatorId));
  if (filter.action) {
    where.push(filter.action.endsWith(".") ? sql`starts_with(${a.action}, ${filter.action})` : eq(a.action, filter.action));
  }
  if (filter.conversationId) where.push(eq(a.conversationId, filter.conversationId));
  if (filter.from) where.push(gte(a.at, filter.from));
  if (filter.to) where.push(lte(a.at, filter.to));
  if (page.cursor) {
    const cursor = decode(page.cursor);
    if (!cursor) return { items: [], nextCursor: null };
    where.push(sql`(${a.at}, ${a.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  }
  const rows = await database.db
    .select({
      id: a.id,
      at: a.at,
      operatorId: a.operatorId,
      operatorName: o.name,
      operatorEmail: o.email,
      role: a.operatorRole,
      action: a.action,
      appId: a.appId,
      conversationId: a.conversationId,
      target: a.target,
      before: a.before,
      after: a.after,
      ip: a.ip,
      userAgent: a.userAgent,
    })
    .from(a)
    .leftJoin(o, eq(o.id, a.operatorId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(a.at), desc(a.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encode(last) : null };
}

/**
 * What a failed sign-in row says beyond the attempted email (why it failed, which
 * account it matched) tells whether an account exists: only admins see it.
 */
export function redactForRole(row: AuditRow, role: "admin" | "moderator" | "viewer"): AuditRow {
  if (role === "admin" || row.action !== "auth.signInFailed" || !row.after || typeof row.after !== "object") return row;
  const { email } = row.after as { email?: unknown };
  return { ...row, after: { email: typeof email === "string" ? email : null } };
}

/** Operators for the filter's picker. */
export async function listOperatorNames(database: Database) {
  return database.db.select({ id: o.id, name: o.name, email: o.email, role: o.role }).from(o).orderBy(o.name);
}

/** Distinct actions recorded so far, for the filter's picker. */
export async function listAuditActions(database: Database): Promise<string[]> {
  const rows = await database.db.selectDistinct({ action: a.action }).from(a).orderBy(a.action).limit(200);
  return rows.map((r) => r.action);
}

const CSV_COLUMNS = ["at", "operator", "role", "action", "app", "conversation", "target", "before", "after", "ip", "user_agent"] as const;

/** RFC 4180 field; cells that a spreadsheet would read as a formula are prefixed with '. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const auditCsvHeader = (): string => CSV_COLUMNS.join(",") + "\r\n";

export function auditCsvLine(row: AuditRow): string {
  const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));
  return (
    [
      row.at.toISOString(),
      row.operatorEmail ?? row.operatorId,
      row.role,
      row.action,
      row.appId ?? "",
      row.conversationId ?? "",
      row.target,
      json(row.before),
      json(row.after),
      row.ip ?? "",
      row.userAgent ?? "",
    ]
      .map(csvField)
      .join(",") + "\r\n"
  );
}

/** How long one look at a conversation's history counts as one view in the audit log. */
export const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;

/**
 * Whether this operator's view of `target` with the same query is already in the audit
 * log within the window: the console's live tail re-reads history on every new message,
 * and each re-read is the same look, not a new one.
 */
export async function viewedRecently(
  database: Database,
  view: { operatorId: string; action: string; target: string; query: unknown; since: Date },
): Promise<boolean> {
  const rows = await database.db
    .select({ one: sql<number>`1` })
    .from(a)
    .where(
      and(
        eq(a.operatorId, view.operatorId),
        gte(a.at, view.since),
        eq(a.action, view.action),
        eq(a.target, view.target),
        sql`${a.after} -> 'query' = ${JSON.stringify(view.query)}::jsonb`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
