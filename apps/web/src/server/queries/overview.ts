import "server-only";
import type { Database } from "@parley/db/client";
import { schema } from "@parley/db";
import { count, eq } from "drizzle-orm";

const c = schema.conversations;

export const OVERVIEW_MINUTES = 60;

/**
 * Counts for the overview. Messages per minute come from the messages table: only
 * conversations whose last message is within the window are visited (index on
 * (app_id, last_message_at)), each through its primary key range.
 */
export async function overviewStats(database: Database, appId: string, now: number) {
  const since = now - OVERVIEW_MINUTES * 60_000;
  const startMinute = Math.floor(since / 60_000) * 60_000;
  const [kinds, perMinute] = await Promise.all([
    database.db.select({ kind: c.kind, n: count() }).from(c).where(eq(c.appId, appId)).groupBy(c.kind),
    database.sql<{ minute: string; n: number }[]>`
      select (m.timestamp / 60000) * 60000 as minute, count(*)::int as n
      from conversations cv
      join messages m on m.conversation_id = cv.id and m.timestamp >= ${since} and m.timestamp <= ${now}
      where cv.app_id = ${appId} and cv.last_message_at >= ${new Date(since).toISOString()}::timestamptz
      group by 1 order by 1`,
  ]);
  const byMinute = new Map(perMinute.map((r) => [Number(r.minute), r.n]));
  const series: { minute: number; count: number }[] = [];
  for (let t = startMinute; t <= now; t += 60_000) series.push({ minute: t, count: byMinute.get(t) ?? 0 });
  const conversations = { normal: 0, chatroom: 0, service: 0, temporary: 0 };
  for (const k of kinds) conversations[k.kind] = k.n;
  return { conversations, series, messagesLastHour: perMinute.reduce((sum, r) => sum + r.n, 0) };
}
