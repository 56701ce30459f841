import { z } from "zod";
import { audited, clientTarget } from "../../audit";
import { lookupClient } from "../../queries/clients";
import { KICK_REASON_MAX } from "../../realtime/client";
import { realtimeCredentials } from "../../realtime/presence";
import { appProcedure, createTRPCRouter } from "../init";

const ClientId = z.string().trim().min(1).max(1024);

export const clientRouter = createTRPCRouter({
  /** Everything about one client id in this app: conversations, silences, blocks, unread, recent messages. */
  lookup: appProcedure("viewer")
    .input(z.object({ clientId: ClientId }))
    .query(async ({ ctx, input }) => ({
      clientId: input.clientId,
      ...(await lookupClient(ctx.services.database, input.appId, input.clientId, new Date(ctx.services.now()))),
    })),

  /**
   * Which of these client ids have a session open now, asked of the realtime service
   * (20 per call). REALTIME_UNAVAILABLE / REALTIME_NOT_CONFIGURED (SERVICE_UNAVAILABLE)
   * when it cannot tell: the console then shows the status as unknown.
   */
  online: appProcedure("viewer")
    .input(z.object({ clientIds: z.array(ClientId).min(1).max(200) }))
    .query(async ({ ctx, input }) => {
      const app = await realtimeCredentials(ctx.services.core.deps, ctx.actor, input.appId);
      return { online: await ctx.services.realtime.onlineClientIds(app, input.clientIds) };
    }),

  /** Closes every session of the client (the SDK sees the reason). Audited; nothing is written if the realtime service fails. */
  kick: appProcedure("moderator")
    .input(z.object({ clientId: ClientId, reason: z.string().trim().min(1).max(KICK_REASON_MAX) }))
    .mutation(({ ctx, input }) =>
      audited(ctx, { action: "client.kick", appId: input.appId, target: clientTarget(input.clientId) }, async (deps) => {
        const app = await realtimeCredentials(deps, ctx.actor, input.appId);
        await ctx.services.realtime.kick(app, input.clientId, input.reason);
        return { result: { ok: true as const }, after: { clientId: input.clientId, reason: input.reason } };
      }),
    ),
});
