import {
  addMembers,
  blockMembers,
  countMembers,
  createConversation,
  deleteConversation,
  getConversation,
  removeMembers,
  silenceMembers,
  unblockMembers,
  unsilenceMembers,
  updateConversation,
  updateMemberRole,
} from "@parley/core";
import { z } from "zod";
import { audited, conversationTarget } from "../../audit";
import { assertConversationInApp, ConversationListFilter, listConversationPage, listMemberPage, listModeration } from "../../queries/conversations";
import { appProcedure, createTRPCRouter } from "../init";
import { toConversationDto } from "./dto";

const ConversationId = z.object({ conversationId: z.string().min(1).max(100) });
const ClientIds = z.array(z.string().trim().min(1).max(1024)).min(1).max(1000);
const Reason = z.string().trim().max(1000).optional();
/** Silences and blocks: lifted after this long; absent = until lifted by hand. */
const DurationSeconds = z.number().int().positive().max(10 * 365 * 86_400).optional();
/** JSON values as the attribute editor sends them (LeanCloud ops such as {"__op":"Delete"} included). */
const AttributeEdits = z.record(z.string().min(1).max(1000), z.json()).refine((r) => Object.keys(r).length > 0, "nothing to update");

const BatchOutcome = (r: { allowed: string[]; failures: { code: string; clientIds: string[] }[] }) => ({
  allowed: r.allowed,
  failures: r.failures.map((f) => ({ code: f.code, clientIds: f.clientIds })),
});

const memberRouter = createTRPCRouter({
  /** Members with role, receipt watermarks and unread count; keyset by client id, optional prefix search. */
  list: appProcedure("viewer")
    .input(ConversationId.extend({ cursor: z.string().max(1024).nullish(), prefix: z.string().trim().max(1024).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      await assertConversationInApp(ctx.services.database, input.appId, input.conversationId);
      return listMemberPage(ctx.services.database, input.conversationId, { after: input.cursor ?? null, prefix: input.prefix || null, limit: input.limit });
    }),

  count: appProcedure("viewer")
    .input(ConversationId)
    .query(({ ctx, input }) => countMembers(ctx.services.core.deps, ctx.actor, input)),

  add: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.add", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await addMembers(deps, ctx.actor, input);
        return { result: BatchOutcome(r), after: { requested: input.clientIds, ...BatchOutcome(r) } };
      }),
    ),

  remove: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.remove", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await removeMembers(deps, ctx.actor, input);
        return { result: BatchOutcome(r), after: { requested: input.clientIds, ...BatchOutcome(r) } };
      }),
    ),

  updateRole: appProcedure("moderator")
    .input(ConversationId.extend({ clientId: z.string().min(1).max(1024), role: z.enum(["Owner", "Manager", "Member"]) }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.role", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const before = await tx.members.get(input.conversationId, input.clientId);
        const r = await updateMemberRole(deps, ctx.actor, input);
        return { result: r, before: { clientId: input.clientId, role: before?.role ?? null }, after: { clientId: r.clientId, role: r.role } };
      }),
    ),
});

const silenceRouter = createTRPCRouter({
  add: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds, durationSeconds: DurationSeconds, reason: Reason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.silence", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await silenceMembers(deps, ctx.actor, input);
        return { result: BatchOutcome(r), after: { durationSeconds: input.durationSeconds ?? null, reason: input.reason ?? null, ...BatchOutcome(r) } };
      }),
    ),
  remove: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.unsilence", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await unsilenceMembers(deps, ctx.actor, input);
        return { result: BatchOutcome(r), after: BatchOutcome(r) };
      }),
    ),
});

const blockRouter = createTRPCRouter({
  /** Blocks (and removes) clients; with `durationSeconds` the block lifts itself, like a silence. */
  add: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds, durationSeconds: DurationSeconds, reason: Reason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.block", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await blockMembers(deps, ctx.actor, input);
        return {
          result: BatchOutcome(r),
          after: { durationSeconds: input.durationSeconds ?? null, reason: input.reason ?? null, removed: r.removed, ...BatchOutcome(r) },
        };
      }),
    ),
  remove: appProcedure("moderator")
    .input(ConversationId.extend({ clientIds: ClientIds }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "member.unblock", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps) => {
        const r = await unblockMembers(deps, ctx.actor, input);
        return { result: BatchOutcome(r), after: BatchOutcome(r) };
      }),
    ),
});

export const conversationRouter = createTRPCRouter({
  /** Keyset page of the app's conversations, newest activity first. */
  list: appProcedure("viewer")
    .input(z.object({ filter: ConversationListFilter.default({}), cursor: z.string().max(500).nullish(), limit: z.number().int().min(1).max(100).default(25) }))
    .query(({ ctx, input }) => listConversationPage(ctx.services.database, input.appId, input.filter, { cursor: input.cursor ?? null, limit: input.limit })),

  get: appProcedure("viewer")
    .input(ConversationId)
    .query(async ({ ctx, input }) => {
      const record = await getConversation(ctx.services.core.deps, ctx.actor, input);
      return { ...toConversationDto(record.conversation), ttlSeconds: record.ttlSeconds };
    }),

  create: appProcedure("moderator")
    .input(
      z.object({
        kind: z.enum(["normal", "chatroom", "service", "temporary"]),
        name: z.string().trim().max(200).optional(),
        members: z.array(z.string().trim().min(1).max(1024)).max(1000).default([]),
        attributes: z.record(z.string().min(1).max(200), z.json()).default({}),
        unique: z.boolean().default(false),
        ttlSeconds: z.number().int().positive().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const attributes = { ...input.attributes, ...(input.name ? { name: input.name } : {}) };
      return audited(ctx, { action: "conversation.create", appId: input.appId, target: "conversation:new" }, async (deps) => {
        const r = await createConversation(deps, ctx.actor, { kind: input.kind, members: input.members, attributes, unique: input.unique, ttlSeconds: input.ttlSeconds });
        return { result: { id: r.conversation.id, created: r.created }, after: toConversationDto(r.conversation) };
      });
    }),

  /** Name and custom attributes: top-level keys or dotted paths → a value or a LeanCloud op. */
  update: appProcedure("moderator")
    .input(ConversationId.extend({ attributes: AttributeEdits }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "conversation.update", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const before = await tx.conversations.get(input.appId, input.conversationId);
        const r = await updateConversation(deps, ctx.actor, input);
        return {
          result: { ...toConversationDto(r.conversation), attrModified: r.attrModified },
          before: before && { name: before.name, attributes: before.attributes, edits: input.attributes },
          after: { name: r.conversation.name, attributes: r.conversation.attributes },
        };
      }),
    ),

  delete: appProcedure("admin")
    .input(ConversationId)
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "conversation.delete", appId: input.appId, target: conversationTarget(input.conversationId) }, async (deps, tx) => {
        const before = await tx.conversations.get(input.appId, input.conversationId);
        const r = await deleteConversation(deps, ctx.actor, input);
        return { result: { ok: true as const }, before: before && toConversationDto(before), after: { formerMembers: r.formerMembers.length } };
      }),
    ),

  /** Active silences and blocks, with reason, author and expiry. */
  moderation: appProcedure("viewer")
    .input(ConversationId)
    .query(async ({ ctx, input }) => {
      await assertConversationInApp(ctx.services.database, input.appId, input.conversationId);
      return listModeration(ctx.services.database, input.conversationId, new Date(ctx.services.now()));
    }),

  member: memberRouter,
  silence: silenceRouter,
  block: blockRouter,
});
