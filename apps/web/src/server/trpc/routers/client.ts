import { z } from "zod";
import { lookupClient } from "../../queries/clients";
import { appProcedure, createTRPCRouter } from "../init";

export const clientRouter = createTRPCRouter({
  /** Everything about one client id in this app: conversations, silences, blocks, unread, recent messages. */
  lookup: appProcedure("viewer")
    .input(z.object({ clientId: z.string().trim().min(1).max(1024) }))
    .query(async ({ ctx, input }) => ({
      clientId: input.clientId,
      ...(await lookupClient(ctx.services.database, input.appId, input.clientId, new Date(ctx.services.now()))),
    })),
});
