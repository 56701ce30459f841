import type { Message } from "@parley/core";
import type { Database } from "../client.js";
import { contentOf } from "./rows.js";

/** A message a subscriber sent to one of the app's service conversations. */
export type ServiceInboxMessage = Pick<Message, "conversationId" | "id" | "timestamp" | "from" | "content">;

export interface ForwardOptions {
  /**
   * Only messages stamped at or before this time (ms) are taken. Callers pass "now minus a
   * margin" so that a message stamped earlier but committed later (group commit) is not
   * skipped by the cursor.
   */
  until: number;
  limit: number;
  /** Delivers a batch; throwing leaves the cursor where it was (the batch is retried). */
  deliver(messages: ServiceInboxMessage[]): Promise<void>;
}

export type ForwardResult =
  | { status: "forwarded"; count: number }
  | { status: "idle" }
  /** Another process holds this app's cursor right now. */
  | { status: "busy" }
  | { status: "failed"; error: unknown };

interface Row {
  conversation_id: string;
  id: string;
  timestamp: string;
  from_client: string;
  content_text: string | null;
  content_binary: Uint8Array | null;
}

/**
 * The service-conversation webhook's queue: a per-app cursor over stored messages that
 * subscribers sent to service conversations (visible to their sender alone). Forwarding is
 * at least once: the cursor moves in the same transaction that took the batch, after the
 * batch was delivered, and the locked cursor row keeps two nodes from sending one batch.
 */
export function createServiceWebhookStore(database: Database) {
  const { sql } = database;
  return {
    /** Apps with a service-conversation webhook configured. */
    async listTargets(): Promise<{ appId: string; url: string; masterKey: string }[]> {
      const rows = await sql<{ id: string; url: string; master_key: string }[]>`
        select id, settings->>'serviceWebhookUrl' as url, master_key from apps
        where coalesce(settings->>'serviceWebhookUrl', '') <> '' order by id`;
      return rows.map((r) => ({ appId: r.id, url: r.url, masterKey: r.master_key }));
    },

    /** Starts the app's cursor at `from` (ms) unless it already has one; forwarding begins there. */
    async ensureCursor(appId: string, from: number): Promise<void> {
      await sql`insert into service_webhook_cursors (app_id, last_timestamp, last_id)
        values (${appId}, ${from}, '') on conflict (app_id) do nothing`;
    },

    async forwardBatch(appId: string, options: ForwardOptions): Promise<ForwardResult> {
      let outcome: ForwardResult = { status: "idle" };
      try {
        await sql.begin(async (tx) => {
          const [cursor] = await tx<{ last_timestamp: string; last_id: string }[]>`
            select last_timestamp, last_id from service_webhook_cursors where app_id = ${appId} for update skip locked`;
          if (!cursor) {
            outcome = { status: "busy" };
            return;
          }
          const rows = await tx<Row[]>`
            select m.conversation_id, m.id, m.timestamp, m.from_client, m.content_text, m.content_binary
            from messages m
            join conversations c on c.id = m.conversation_id
            where m.visible_to is not null
              and m.from_client = m.visible_to[1] and cardinality(m.visible_to) = 1
              and c.app_id = ${appId} and c.kind = 'service'
              and (m.timestamp, m.id) > (${cursor.last_timestamp}::int8, ${cursor.last_id})
              and m.timestamp <= ${options.until}
            order by m.timestamp, m.id
            limit ${options.limit}`;
          if (rows.length === 0) return;
          const batch = rows.map(
            (r): ServiceInboxMessage => ({
              conversationId: r.conversation_id,
              id: r.id,
              timestamp: Number(r.timestamp),
              from: r.from_client,
              content: contentOf(r.content_text, r.content_binary),
            }),
          );
          try {
            await options.deliver(batch);
          } catch (error) {
            await tx`update service_webhook_cursors set last_error = ${String((error as Error)?.message ?? error).slice(0, 500)}, updated_at = now()
              where app_id = ${appId}`;
            outcome = { status: "failed", error };
            return;
          }
          const last = batch[batch.length - 1]!;
          await tx`update service_webhook_cursors set last_timestamp = ${last.timestamp}, last_id = ${last.id}, last_error = null, updated_at = now()
            where app_id = ${appId}`;
          outcome = { status: "forwarded", count: batch.length };
        });
      } catch (error) {
        return { status: "failed", error };
      }
      return outcome;
    },
  };
}

export type ServiceWebhookStore = ReturnType<typeof createServiceWebhookStore>;
