// Service conversations beyond CRUD (§2.5.2–2.5.4): subscribers, broadcasts to all subscribers,
// and messages to chosen subscribers.
import { addMembers, compareIds, countMembers, listMemberRoles, postMessage, removeMembers } from "@parley/core";
import { z } from "zod";
import type { Route } from "../context.js";
import { clientId, intParam, parse, pushPayload } from "../input.js";
import { sentRecord, subscriptionRecord } from "../records.js";
import { settleBatch } from "./batch.js";
import { assertFamily, SERVICE_CONVERSATIONS as SERVICE } from "./families.js";
import { SendBody, sendInput } from "./messages.js";

const SubscribeBody = z.object({ client_id: clientId });

/** `limit` 1…50 (default 50; larger values are capped), `client_id` = exclusive start (§1.6). */
const SubscribersQuery = z.object({
  limit: intParam
    .pipe(z.number().int().min(1))
    .transform((n) => Math.min(n, 50))
    .default(50),
  client_id: z.string().min(1).optional(),
});

const BroadcastBody = z.object({
  from_client: clientId,
  message: z.string(),
  push: pushPayload.optional(),
});

const ToClientsBody = SendBody.extend({ to_clients: z.array(clientId).min(1).max(20) });

const subscribers = `${SERVICE.path}/:id/subscribers`;

export const serviceConversationRoutes: Route[] = [
  {
    method: "POST",
    path: subscribers,
    auth: "master",
    async handle(ctx) {
      const body = parse(SubscribeBody, ctx.body);
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      settleBatch(await addMembers(ctx.deps, ctx.actor(), { conversationId: ctx.params.id!, clientIds: [body.client_id] }));
      return {};
    },
  },
  {
    method: "DELETE",
    path: `${subscribers}/:clientId`,
    auth: "master",
    async handle(ctx) {
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      settleBatch(await removeMembers(ctx.deps, ctx.actor(), { conversationId: ctx.params.id!, clientIds: [ctx.params.clientId!] }));
      return {};
    },
  },
  {
    method: "GET",
    path: subscribers,
    auth: "master",
    async handle(ctx) {
      const q = parse(SubscribersQuery, ctx.query);
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      // Core has no paged subscriber list yet: this reads every subscriber, then pages.
      const { members } = await listMemberRoles(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! });
      const after = q.client_id;
      return members
        .filter((m) => after === undefined || compareIds(m.clientId, after) > 0)
        .sort((a, b) => compareIds(a.clientId, b.clientId))
        .slice(0, q.limit)
        .map(subscriptionRecord);
    },
  },
  {
    method: "GET",
    path: `${subscribers}/count`,
    auth: "master",
    async handle(ctx) {
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      const { count } = await countMembers(ctx.deps, ctx.actor(), { conversationId: ctx.params.id! });
      return { count };
    },
  },
  {
    method: "POST",
    path: `${SERVICE.path}/:id/broadcasts`,
    auth: "master",
    async handle(ctx) {
      const body = parse(BroadcastBody, ctx.body);
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      const sent = await postMessage(ctx.deps, ctx.actor(body.from_client), {
        conversationId: ctx.params.id!,
        content: { kind: "text", text: body.message },
        pushData: body.push ?? null,
      });
      return sentRecord(sent.id, sent.timestamp);
    },
  },
  {
    method: "POST",
    path: `${SERVICE.path}/:id/messages`,
    auth: "master",
    async handle(ctx) {
      const body = parse(ToClientsBody, ctx.body);
      await assertFamily(ctx, SERVICE, ctx.params.id!);
      const sent = await postMessage(ctx.deps, ctx.actor(body.from_client), { ...sendInput(ctx.params.id!, body), toClients: body.to_clients });
      return sentRecord(sent.id, sent.timestamp);
    },
  },
];
