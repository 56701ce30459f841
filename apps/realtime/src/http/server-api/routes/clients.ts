// Operations on client ids (§2.6): check online, unread count, kick.
import { listUnread } from "@parley/core";
import { z } from "zod";
import type { Route } from "../context.js";
import { notAvailable } from "../errors.js";
import { clientId, parse } from "../input.js";

const CheckOnlineBody = z.object({ client_ids: z.array(clientId).min(1).max(20) });
const UnreadQuery = z.object({ conv_id: z.string().min(1).optional() });
const KickBody = z.object({ reason: z.string().max(20).optional() });

export const clientRoutes: Route[] = [
  {
    method: "POST",
    path: "/clients/check-online",
    auth: "master",
    async handle(ctx) {
      const { client_ids } = parse(CheckOnlineBody, ctx.body);
      if (!ctx.presence) throw notAvailable("Online state");
      return { results: await ctx.presence.onlineClientIds(ctx.app.id, [...new Set(client_ids)]) };
    },
  },
  {
    // Documented with the app key (§1.3).
    method: "GET",
    path: "/clients/:clientId/unread-count",
    auth: "app",
    async handle(ctx) {
      const q = parse(UnreadQuery, ctx.query);
      const { conversations } = await listUnread(ctx.deps, { kind: "client", appId: ctx.app.id, clientId: ctx.params.clientId! }, {});
      const counted = q.conv_id === undefined ? conversations : conversations.filter((c) => c.conversationId === q.conv_id);
      return { count: counted.reduce((sum, c) => sum + c.count, 0) };
    },
  },
  {
    method: "POST",
    path: "/clients/:clientId/kick",
    auth: "master",
    async handle(ctx) {
      const { reason } = parse(KickBody, ctx.body);
      if (!ctx.kick) throw notAvailable("Kicking clients");
      await ctx.kick(ctx.app.id, ctx.params.clientId!, reason ?? null);
      return {};
    },
  },
];
