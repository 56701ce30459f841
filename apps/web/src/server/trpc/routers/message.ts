import { patchMessage, postMessage, queryHistory } from "@parley/core";
import { z } from "zod";
import { audited, conversationTarget, toAuditJson } from "../../audit";
import { VIEW_AUDIT_WINDOW_MS, viewedRecently } from "../../queries/audit";
import { assertConversationInApp, listRevisions, messageReceiptCounts } from "../../queries/conversations";
import { appProcedure, createTRPCRouter } from "../init";
import { toContentDto, toMessageDto } from "./dto";

const ConversationId = z.object({ conversationId: z.string().min(1).max(100) });
const MessageRef = ConversationId.extend({ messageId: z.string().min(1).max(100) });
const Bound = z.object({ timestamp: z.number().int().min(0), messageId: z.string().min(1).max(100).optional(), inclusive: z.boolean().default(false) });
/** Operator changes to what people wrote always say why. */
const RequiredReason = z.string().trim().min(1).max(1000);

/** LeanCloud's TextMessage for plain text; `raw` sends the text as typed (custom types, JSON). */
const Outgoing = z.object({ format: z.enum(["text", "raw"]).default("text"), text: z.string().min(1).max(1024 * 1024) });
const toContent = (o: z.infer<typeof Outgoing>) => ({
  kind: "text" as const,
  text: o.format === "text" ? JSON.stringify({ _lctype: -1, _lctext: o.text }) : o.text,
});

export const HistoryInput = ConversationId.extend({
  direction: z.enum(["old", "new"]).default("old"),
  start: Bound.optional(),
  end: Bound.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  lcType: z.number().int().optional(),
  from: z.string().trim().min(1).max(1024).optional(),
});

export const messageRouter = createTRPCRouter({
  /**
   * History with every `logs` option, plus delivery/read counts from the members'
   * watermarks (normal and temporary conversations). Reading messages is audited.
   */
  history: appProcedure("viewer")
    .input(HistoryInput)
    .query(async ({ ctx, input }) => {
      const { kind } = await assertConversationInApp(ctx.services.database, input.appId, input.conversationId);
      const { appId: _appId, ...query } = input;
      const target = conversationTarget(input.conversationId);
      const seen = await viewedRecently(ctx.services.database, {
        operatorId: ctx.operator.id,
        action: "message.view",
        target,
        query: toAuditJson(query),
        since: new Date(ctx.services.now() - VIEW_AUDIT_WINDOW_MS),
      });
      const { items } = seen
        ? await queryHistory(ctx.services.core.deps, ctx.actor, query)
        : await audited(ctx, { action: "message.view", appId: input.appId, target }, async (deps) => {
            const r = await queryHistory(deps, ctx.actor, query);
            return { result: r, after: { query, count: r.items.length } };
          });
      const messages = items.map((i) => i.message);
      const receipts = kind === "normal" || kind === "temporary" ? await messageReceiptCounts(ctx.services.database, input.conversationId, messages) : new Map();
      return { kind, items: messages.map((m) => ({ ...toMessageDto(m), receipts: receipts.get(m.id) ?? null })) };
    }),

  /** What a message said before each edit or recall (admins only). */
  revisions: appProcedure("admin")
    .input(MessageRef)
    .query(async ({ ctx, input }) => {
      await assertConversationInApp(ctx.services.database, input.appId, input.conversationId);
      return listRevisions(ctx.services.database, input.conversationId, input.messageId);
    }),

  recall: appProcedure("moderator")
    .input(MessageRef.extend({ reason: RequiredReason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "message.recall", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const before = await tx.messages.get(input.conversationId, input.messageId);
        const r = await patchMessage(deps, ctx.actor, { recall: true, conversationId: input.conversationId, messageId: input.messageId, reason: input.reason });
        return {
          result: toMessageDto(r.message),
          before: before && { messageId: before.id, from: before.from, content: toContentDto(before.content) },
          after: { messageId: r.message.id, recalled: true, reason: input.reason },
        };
      }),
    ),

  edit: appProcedure("moderator")
    .input(MessageRef.extend({ text: z.string().min(1).max(1024 * 1024), reason: RequiredReason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "message.edit", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const before = await tx.messages.get(input.conversationId, input.messageId);
        const r = await patchMessage(deps, ctx.actor, {
          recall: false,
          conversationId: input.conversationId,
          messageId: input.messageId,
          content: { kind: "text", text: input.text },
          reason: input.reason,
        });
        return {
          result: toMessageDto(r.message),
          before: before && { messageId: before.id, from: before.from, content: toContentDto(before.content) },
          after: { messageId: r.message.id, content: toContentDto(r.message.content), reason: input.reason },
        };
      }),
    ),

  /**
   * Sends as the console (`system`). In a service conversation this is a broadcast to every
   * subscriber, or, with `toClients`, a message only those subscribers receive and see
   * (NOT_SUBSCRIBED, BAD_REQUEST, when one of them is not subscribed).
   */
  post: appProcedure("moderator")
    .input(ConversationId.extend({ message: Outgoing, mentionAll: z.boolean().default(false), toClients: z.array(z.string().trim().min(1).max(256)).min(1).max(500).optional() }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "message.post", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const conversation = await tx.conversations.get(input.appId, input.conversationId);
        const toClients = input.toClients && [...new Set(input.toClients)];
        // Core refuses chosen clients that are not subscribed (NOT_SUBSCRIBED) for operators.
        const r = await postMessage(deps, ctx.actor, {
          conversationId: input.conversationId,
          content: toContent(input.message),
          mentionAll: input.mentionAll,
          ...(toClients && { toClients }),
        });
        const recipients = toClients ? toClients.length : (conversation?.memberCount ?? 0);
        return {
          result: { ...toMessageDto(r.message), recipients },
          after: { messageId: r.id, content: toContentDto(r.message.content), recipients, ...(toClients && { toClients }) },
        };
      }),
    ),
});
