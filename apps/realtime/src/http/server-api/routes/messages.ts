// Messages in a conversation or chat room (§2.2, §2.4): send, history, edit, recall. Edit and
// recall also serve service conversations (§2.5.3, §2.5.4). `from_client` is not checked: this
// is an admin channel, so the server actor sends as that client.
import { patchMessage, postMessage, queryHistory } from "@parley/core";
import { z } from "zod";
import type { Route } from "../context.js";
import { boolParam, clientId, intParam, parse, pushPayload } from "../input.js";
import { messageRecord, sentRecord } from "../records.js";
import { assertFamily, type Family } from "./families.js";

const PRIORITY = { high: 1, normal: 2, low: 3 } as const;

/** A v1.2 send body as core's postMessage input. */
export function sendInput(conversationId: string, body: z.infer<typeof SendBody>) {
  return {
    conversationId,
    content: { kind: "text" as const, text: body.message },
    transient: body.transient,
    mentionAll: body.mention_all,
    mentionPids: body.mention_client_ids,
    pushData: body.push_data ?? null,
    priority: body.priority === undefined ? null : PRIORITY[body.priority],
  };
}

export const SendBody = z.object({
  from_client: clientId,
  message: z.string(),
  transient: z.boolean().default(false),
  /** Accepted; not honoured yet (core has no "skip the sender's own sessions" option). */
  no_sync: z.boolean().default(false),
  push_data: pushPayload.optional(),
  priority: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(["high", "normal", "low"]))
    .optional(),
  mention_all: z.boolean().default(false),
  mention_client_ids: z.array(clientId).max(20).default([]),
});

/** §2.2.2, plus the legacy `max_ts` (exclusive start, ms). `msgid` needs a start time, `till_msgid` a stop time. */
const HistoryQuery = z
  .object({
    msgid: z.string().min(1).optional(),
    timestamp: intParam.optional(),
    max_ts: intParam.optional(),
    till_msgid: z.string().min(1).optional(),
    till_timestamp: intParam.optional(),
    include_start: boolParam.optional(),
    include_stop: boolParam.optional(),
    reversed: boolParam.optional(),
    limit: intParam.pipe(z.number().int().min(1)).transform((n) => Math.min(n, 1000)).optional(),
  })
  .refine((q) => q.msgid === undefined || q.timestamp !== undefined || q.max_ts !== undefined, {
    message: "msgid must come with timestamp",
    path: ["msgid"],
  })
  .refine((q) => q.till_msgid === undefined || q.till_timestamp !== undefined, {
    message: "till_msgid must come with till_timestamp",
    path: ["till_msgid"],
  });

const EditBody = z.object({
  from_client: clientId,
  message: z.string(),
  timestamp: z.number().int(),
  /** Service conversations' per-user variant (§2.5.4): Parley patches the message by id for whoever sees it. */
  to_clients: z.array(clientId).max(20).optional(),
});

const RecallBody = EditBody.omit({ message: true });

const HISTORY_DEFAULT_LIMIT = 100;

/** Send and history: normal conversations and chat rooms. */
export function messageRoutes(family: Family): Route[] {
  const path = `${family.path}/:id/messages`;
  return [
    {
      method: "POST",
      path,
      auth: "master",
      async handle(ctx) {
        const body = parse(SendBody, ctx.body);
        await assertFamily(ctx, family, ctx.params.id!);
        const input = sendInput(ctx.params.id!, body);
        // Chat rooms have no offline push (§2.4).
        if (family.kind === "chatroom") input.pushData = null;
        const sent = await postMessage(ctx.deps, ctx.actor(body.from_client), input);
        return sentRecord(sent.id, sent.timestamp);
      },
    },
    {
      method: "GET",
      path,
      auth: "master",
      async handle(ctx) {
        const q = parse(HistoryQuery, ctx.query);
        await assertFamily(ctx, family, ctx.params.id!);
        const startTime = q.timestamp ?? q.max_ts;
        const { items } = await queryHistory(ctx.deps, ctx.actor(), {
          conversationId: ctx.params.id!,
          start: startTime === undefined ? undefined : { timestamp: startTime, messageId: q.msgid, inclusive: q.include_start ?? false },
          end:
            q.till_timestamp === undefined
              ? undefined
              : { timestamp: q.till_timestamp, messageId: q.till_msgid, inclusive: q.include_stop ?? false },
          direction: q.reversed ? "new" : "old",
          limit: q.limit ?? HISTORY_DEFAULT_LIMIT,
        });
        // Core answers oldest first; LeanCloud's default walks back from the newest.
        const ordered = q.reversed ? items : [...items].reverse();
        return ordered.map((item) => messageRecord(item.message, item.ackAt));
      },
    },
  ];
}

/** Edit and recall (§2.2.3, §2.2.4): every family. Success is 200 `{"result": {}}` (§6 item 1). */
export function patchRoutes(family: Family): Route[] {
  const path = `${family.path}/:id/messages/:messageId`;
  return [
    {
      method: "PUT",
      path,
      auth: "master",
      async handle(ctx) {
        const body = parse(EditBody, ctx.body);
        await assertFamily(ctx, family, ctx.params.id!);
        await patchMessage(ctx.deps, ctx.actor(body.from_client), {
          recall: false,
          conversationId: ctx.params.id!,
          messageId: ctx.params.messageId!,
          timestamp: body.timestamp,
          content: { kind: "text", text: body.message },
        });
        return { result: {} };
      },
    },
    {
      method: "PUT",
      path: `${path}/recall`,
      auth: "master",
      async handle(ctx) {
        const body = parse(RecallBody, ctx.body);
        await assertFamily(ctx, family, ctx.params.id!);
        await patchMessage(ctx.deps, ctx.actor(body.from_client), {
          recall: true,
          conversationId: ctx.params.id!,
          messageId: ctx.params.messageId!,
          timestamp: body.timestamp,
        });
        return { result: {} };
      },
    },
  ];
}
