// Create, query, get, update and delete for each conversation family (§2.1.1–2.1.5, §2.4, §2.5.1).
import { createConversation, deleteConversation, getConversation, queryConversations, updateConversation } from "@parley/core";
import { z } from "zod";
import type { Route } from "../context.js";
import { intParam, parse, parseWhereParam } from "../input.js";
import { conversationRecord } from "../records.js";
import { assertFamily, type Family } from "./families.js";

/** `m` (normal conversations only; ignored for chat rooms and service conversations) and `unique`; every other key is a column. */
const CreateBody = z
  .object({
    m: z.array(z.string()).max(100_000).optional(),
    unique: z.boolean().optional(),
  })
  .catchall(z.json());

/** Columns to set: values, `{"__op": …}` operators or dotted keys (core refuses `m` and the read-only columns). */
const UpdateBody = z.record(z.string(), z.json());

/** Storage paging: limit 1…1000 (others become 100), skip ≥ 0; `order` (storage) or `sort`. */
const QueryParams = z.object({
  where: z.string().optional(),
  order: z.string().max(512).optional(),
  sort: z.string().max(512).optional(),
  limit: intParam.optional(),
  skip: intParam.pipe(z.number().int().min(0).max(100_000)).optional(),
});

const DEFAULT_LIMIT = 100;

export function conversationRoutes(family: Family): Route[] {
  const item = `${family.path}/:id`;
  return [
    {
      method: "POST",
      path: family.path,
      auth: "master",
      async handle(ctx) {
        const { m, unique, ...attributes } = parse(CreateBody, ctx.body);
        const { conversation } = await createConversation(ctx.deps, ctx.actor(), {
          kind: family.kind,
          members: family.kind === "normal" ? (m ?? []) : [],
          attributes,
          unique: unique ?? false,
        });
        return conversationRecord(await getConversation(ctx.deps, ctx.actor(), { conversationId: conversation.id }));
      },
    },
    {
      method: "GET",
      path: family.path,
      auth: "master",
      async handle(ctx) {
        const q = parse(QueryParams, ctx.query);
        const where = { $and: [parseWhereParam(q.where), family.where] };
        const limit = q.limit !== undefined && q.limit >= 1 && q.limit <= 1000 ? q.limit : DEFAULT_LIMIT;
        const { records } = await queryConversations(ctx.deps, ctx.actor(), { where, sort: q.order ?? q.sort, limit, skip: q.skip });
        return { results: records.map(conversationRecord) };
      },
    },
    {
      method: "GET",
      path: item,
      auth: "master",
      async handle(ctx) {
        await assertFamily(ctx, family, ctx.params.id!);
        return conversationRecord(await getConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! }));
      },
    },
    {
      method: "PUT",
      path: item,
      auth: "master",
      async handle(ctx) {
        const attributes = parse(UpdateBody, ctx.body);
        await assertFamily(ctx, family, ctx.params.id!);
        const { conversation, udate } = await updateConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id!, attributes });
        return { objectId: conversation.id, updatedAt: udate };
      },
    },
    {
      method: "DELETE",
      path: item,
      auth: "master",
      async handle(ctx) {
        await assertFamily(ctx, family, ctx.params.id!);
        await deleteConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! });
        return {};
      },
    },
  ];
}
