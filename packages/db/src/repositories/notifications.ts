import type { DomainEvent, NotificationRepository, StoredNotification } from "@parley/core";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { decodeJson, encodeJson } from "../json-codec.js";
import { clientNotifications as n } from "../schema/index.js";
import { asExecutor, type RepositoryTarget } from "./executor.js";

interface Row {
  id: number;
  appId: string;
  clientId: string;
  serverTs: number;
  payload: string;
}

const columns = {
  id: n.id,
  appId: n.appId,
  clientId: n.clientId,
  serverTs: n.serverTs,
  payload: sql<string>`${n.payload}::text`,
};

const toStored = (r: Row): StoredNotification => ({
  appId: r.appId,
  clientId: r.clientId,
  serverTs: r.serverTs,
  event: decodeJson<DomainEvent>(r.payload),
});

export function createNotificationRepository(target: RepositoryTarget): NotificationRepository {
  const exec = asExecutor(target);
  return {
    async append(notifications) {
      if (notifications.length === 0) return;
      const { db } = await exec.write();
      await db.insert(n).values(
        notifications.map((x) => ({
          appId: x.appId,
          clientId: x.clientId,
          serverTs: x.serverTs,
          payload: sql`${encodeJson(x.event)}::jsonb`,
        })),
      );
    },

    async listSince(appId, clientId, since, limit) {
      const { db } = await exec.read(false);
      const owner = and(eq(n.appId, appId), eq(n.clientId, clientId));
      const page: Row[] = await db
        .select(columns)
        .from(n)
        .where(and(owner, gt(n.serverTs, since)))
        .orderBy(asc(n.serverTs), asc(n.id))
        .limit(Math.max(1, limit));
      const last = page[page.length - 1];
      if (!last) return { items: [], hasMore: false };
      // Never split a group of equal serverTs: a cursor at the last serverTs must lose nothing.
      const rest: Row[] = await db
        .select(columns)
        .from(n)
        .where(and(owner, eq(n.serverTs, last.serverTs), gt(n.id, last.id)))
        .orderBy(asc(n.id));
      const [more] = await db
        .select({ id: n.id })
        .from(n)
        .where(and(owner, gt(n.serverTs, last.serverTs)))
        .limit(1);
      return { items: [...page, ...rest].map(toStored), hasMore: more !== undefined };
    },

    async deleteBefore(serverTs, limit) {
      const { db } = await exec.write();
      const rows = await db
        .delete(n)
        .where(inArray(n.id, sql`(select id from client_notifications where server_ts < ${serverTs}::int8 limit ${limit} for update skip locked)`))
        .returning({ id: n.id });
      return rows.length;
    },
  };
}
