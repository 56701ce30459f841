import { z } from "zod";
import { AuditFilter, listAuditActions, listAuditPage, listOperatorNames, redactForRole } from "../../queries/audit";
import { createTRPCRouter, roleProcedure } from "../init";

export const auditRouter = createTRPCRouter({
  /** Newest first; keyset pages. Moderators and admins may read the trail; exporting it is for admins. */
  list: roleProcedure("moderator")
    .input(z.object({ filter: AuditFilter.default({}), cursor: z.string().max(500).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const page = await listAuditPage(ctx.services.database, input.filter, { cursor: input.cursor ?? null, limit: input.limit });
      return { ...page, items: page.items.map((row) => redactForRole(row, ctx.operator.role)) };
    }),

  /** Choices for the filters. */
  facets: roleProcedure("moderator").query(async ({ ctx }) => {
    const [operators, actions] = await Promise.all([listOperatorNames(ctx.services.database), listAuditActions(ctx.services.database)]);
    return { operators, actions };
  }),
});
