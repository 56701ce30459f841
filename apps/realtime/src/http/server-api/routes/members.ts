// Members of normal conversations (§2.1.6): add, remove, list.
import { addMembers, getConversation, removeMembers } from "@parley/core";
import type { Route } from "../context.js";
import { ClientIdsBody, parse } from "../input.js";
import { updatedRecord } from "../records.js";
import { settleBatch } from "./batch.js";
import { assertFamily, CONVERSATIONS } from "./families.js";

const path = `${CONVERSATIONS.path}/:id/members`;

export const memberRoutes: Route[] = [
  {
    method: "POST",
    path,
    auth: "master",
    async handle(ctx) {
      const { client_ids } = parse(ClientIdsBody, ctx.body);
      await assertFamily(ctx, CONVERSATIONS, ctx.params.id!);
      const result = settleBatch(await addMembers(ctx.deps, ctx.actor(), { conversationId: ctx.params.id!, clientIds: client_ids }));
      return { ...updatedRecord(await getConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! })), ...result };
    },
  },
  {
    method: "DELETE",
    path,
    auth: "master",
    async handle(ctx) {
      const { client_ids } = parse(ClientIdsBody, ctx.body);
      await assertFamily(ctx, CONVERSATIONS, ctx.params.id!);
      const result = settleBatch(await removeMembers(ctx.deps, ctx.actor(), { conversationId: ctx.params.id!, clientIds: client_ids }));
      return { ...updatedRecord(await getConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! })), ...result };
    },
  },
  {
    method: "GET",
    path,
    auth: "master",
    async handle(ctx) {
      await assertFamily(ctx, CONVERSATIONS, ctx.params.id!);
      const record = await getConversation(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! });
      return { result: record.members ?? [] };
    },
  },
];
