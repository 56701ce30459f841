import { overviewStats } from "../../queries/overview";
import { appProcedure, createTRPCRouter } from "../init";

export const overviewRouter = createTRPCRouter({
  stats: appProcedure("viewer").query(({ ctx, input }) => overviewStats(ctx.services.database, input.appId, ctx.services.now())),
});
