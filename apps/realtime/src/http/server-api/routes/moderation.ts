// Silences (§2.3.1 temporary, §2.3.2 permanent: the SDK's shutup list) and blacklists (§2.3.4,
// §2.5.6). Temporary and permanent silences are one list in Parley: a temporary one has an expiry.
import { blockMembers, listBlocked, listSilenced, silenceMembers, unblockMembers, unsilenceMembers } from "@parley/core";
import { z } from "zod";
import type { Route, ServerApiContext } from "../context.js";
import { clientId, ClientIdsBody, CursorPageQuery, parse } from "../input.js";
import { settleBatch } from "./batch.js";
import { assertFamily, type Family } from "./families.js";

/** One id per call; `ttl` in seconds, at most 24 h (§2.3.1). */
const TemporarySilenceBody = z.object({ client_id: clientId, ttl: z.number().int().min(1).max(86_400) });
const TemporarySilenceQuery = z.object({ client_id: clientId });

const page = (p: { clientIds: string[]; next: string | null }) => ({ client_ids: p.clientIds, ...(p.next !== null ? { next: p.next } : {}) });

/** Parses the body, checks the family, returns the conversation id. */
async function target<S extends z.ZodType>(ctx: ServerApiContext, family: Family, schema: S, value: unknown) {
  const input = parse(schema, value);
  await assertFamily(ctx, family, ctx.params.id!);
  return { conversationId: ctx.params.id!, input };
}

export function silenceRoutes(family: Family): Route[] {
  const permanent = `${family.path}/:id/permanent-silenceds`;
  const temporary = `${family.path}/:id/temporary-silenceds`;
  return [
    {
      method: "POST",
      path: permanent,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, ClientIdsBody, ctx.body);
        return settleBatch(await silenceMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: input.client_ids }));
      },
    },
    {
      method: "DELETE",
      path: permanent,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, ClientIdsBody, ctx.body);
        return settleBatch(await unsilenceMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: input.client_ids }));
      },
    },
    {
      method: "GET",
      path: permanent,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, CursorPageQuery, ctx.query);
        return page(await listSilenced(ctx.deps, ctx.actor(), { conversationId, ...input }));
      },
    },
    {
      method: "POST",
      path: temporary,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, TemporarySilenceBody, ctx.body);
        const result = await silenceMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: [input.client_id], durationSeconds: input.ttl });
        return settleBatch(result);
      },
    },
    {
      method: "DELETE",
      path: temporary,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, TemporarySilenceQuery, ctx.query);
        return settleBatch(await unsilenceMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: [input.client_id] }));
      },
    },
  ];
}

export function blacklistRoutes(family: Family): Route[] {
  const path = `${family.path}/:id/blacklists`;
  return [
    {
      method: "POST",
      path,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, ClientIdsBody, ctx.body);
        return settleBatch(await blockMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: input.client_ids }));
      },
    },
    {
      method: "DELETE",
      path,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, ClientIdsBody, ctx.body);
        return settleBatch(await unblockMembers(ctx.deps, ctx.actor(), { conversationId, clientIds: input.client_ids }));
      },
    },
    {
      method: "GET",
      path,
      auth: "master",
      async handle(ctx) {
        const { conversationId, input } = await target(ctx, family, CursorPageQuery, ctx.query);
        return page(await listBlocked(ctx.deps, ctx.actor(), { conversationId, ...input }));
      },
    },
  ];
}
