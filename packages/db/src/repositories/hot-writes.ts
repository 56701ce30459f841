import type { LastMessage, Message } from "@parley/core";
import type postgres from "postgres";
import { textArray, type HotOp } from "./executor.js";
import { contentColumns } from "./rows.js";

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
const str = (v: number | boolean | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

/** Raised like PostgreSQL's foreign-key violation when a message names a conversation that does not exist. */
export class MissingConversationError extends Error {
  readonly code = "23503";
  constructor(readonly conversationIds: string[]) {
    super(`messages for missing conversation(s): ${conversationIds.join(", ")}`);
  }
}

/**
 * Writes any number of message inserts and last-message advances with three
 * statements: lock the conversations, then one multi-row INSERT over unnest() and
 * one UPDATE, pipelined. Statement texts and parameter counts are the same for 1
 * row or 1000 (each column travels as one text[] parameter), so they stay prepared.
 */
export async function writeHotOps(sql: postgres.Sql, ops: readonly HotOp[]): Promise<void> {
  const msgs: Message[] = [];
  const advances = new Map<string, { appId: string; conversationId: string; lastMessage: LastMessage }>();
  for (const op of ops) {
    if (op.kind === "message") msgs.push(op.message);
    else {
      const cur = advances.get(op.conversationId);
      const lm = op.lastMessage;
      if (!cur || lm.timestamp > cur.lastMessage.timestamp || (lm.timestamp === cur.lastMessage.timestamp && lm.id > cur.lastMessage.id)) {
        advances.set(op.conversationId, op);
      }
    }
  }
  const queries: Promise<unknown>[] = [];
  const ids = [...advances.keys()].sort();
  const touched = [...new Set([...ids, ...msgs.map((m) => m.conversationId)])].sort();

  // Every conversation of the batch, locked in one global order (concurrent batches cannot deadlock
  // on each other) — this is also the messages' referential check: a conversation deleted
  // concurrently waits for this transaction, one deleted before is reported missing.
  const locked = sql<{ id: string }[]>`
    select id from conversations where id = any(${textArray(touched)}::text[]) order by id for no key update`;
  const rows = await locked;
  if (rows.length !== touched.length) {
    const found = new Set(rows.map((r) => r.id));
    throw new MissingConversationError(touched.filter((id) => !found.has(id)));
  }
  if (msgs.length > 0) {
    const col = <T>(f: (m: Message) => T) => msgs.map(f);
    const contents = msgs.map((m) => contentColumns(m.content));
    queries.push(sql`
      insert into messages (conversation_id, timestamp, id, from_client, content_text, content_binary, lc_type,
        mention_all, mention_pids, receipt, patch_timestamp, recalled, push_data, priority, visible_to)
      select u.cid, u.ts::int8, u.id, u.sender, u.txt, decode(u.bin, 'hex'), u.lc::int4,
        u.ma::bool, u.mp::text[], u.r::bool, u.pt::int8, u.rec::bool, u.pd, u.pr::int2, u.vt::text[]
      from unnest(
        ${textArray(col((m) => m.conversationId))}::text[],
        ${textArray(col((m) => String(m.timestamp)))}::text[],
        ${textArray(col((m) => m.id))}::text[],
        ${textArray(col((m) => m.from))}::text[],
        ${textArray(contents.map((c) => c.text))}::text[],
        ${textArray(contents.map((c) => (c.binary ? hex(c.binary) : null)))}::text[],
        ${textArray(col((m) => str(m.lcType)))}::text[],
        ${textArray(col((m) => str(m.mentionAll)))}::text[],
        ${textArray(col((m) => textArray(m.mentionPids)))}::text[],
        ${textArray(col((m) => str(m.receipt)))}::text[],
        ${textArray(col((m) => str(m.patchTimestamp)))}::text[],
        ${textArray(col((m) => str(m.recalled)))}::text[],
        ${textArray(col((m) => m.pushData))}::text[],
        ${textArray(col((m) => str(m.priority)))}::text[],
        ${textArray(col((m) => (m.visibleTo ? textArray(m.visibleTo) : null)))}::text[]
      ) as u(cid, ts, id, sender, txt, bin, lc, ma, mp, r, pt, rec, pd, pr, vt)`);
  }
  if (ids.length > 0) {
    const adv = ids.map((id) => advances.get(id)!);
    const contents = adv.map((a) => contentColumns(a.lastMessage.content));
    queries.push(sql`
      update conversations c set
        last_message_at = timestamptz 'epoch' + v.ts::int8 * interval '1 millisecond',
        last_message_id = v.mid,
        last_message_timestamp = v.ts::int8,
        last_message_from = v.sender,
        last_message_text = v.txt,
        last_message_binary = decode(v.bin, 'hex'),
        last_message_patch_timestamp = v.pt::int8,
        last_message_mention_all = v.ma::bool,
        last_message_mention_pids = v.mp::text[]
      from unnest(
        ${textArray(adv.map((a) => a.conversationId))}::text[],
        ${textArray(adv.map((a) => a.appId))}::text[],
        ${textArray(adv.map((a) => String(a.lastMessage.timestamp)))}::text[],
        ${textArray(adv.map((a) => a.lastMessage.id))}::text[],
        ${textArray(adv.map((a) => a.lastMessage.from))}::text[],
        ${textArray(contents.map((c) => c.text))}::text[],
        ${textArray(contents.map((c) => (c.binary ? hex(c.binary) : null)))}::text[],
        ${textArray(adv.map((a) => str(a.lastMessage.patchTimestamp)))}::text[],
        ${textArray(adv.map((a) => str(a.lastMessage.mentionAll)))}::text[],
        ${textArray(adv.map((a) => textArray(a.lastMessage.mentionPids)))}::text[]
      ) as v(cid, app, ts, mid, sender, txt, bin, pt, ma, mp)
      where c.id = v.cid and c.app_id = v.app
        and (c.last_message_timestamp is null
             or (v.ts::int8, v.mid collate "C") > (c.last_message_timestamp, c.last_message_id))`);
  }
  await Promise.all(queries);
}
