import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createCallerFactory, createTRPCRouter } from "./init";
import { appsRouter } from "./routers/apps";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { clientRouter } from "./routers/client";
import { conversationRouter } from "./routers/conversation";
import { liveRouter } from "./routers/live";
import { messageRouter } from "./routers/message";
import { operatorRouter } from "./routers/operator";
import { overviewRouter } from "./routers/overview";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  app: appsRouter,
  conversation: conversationRouter,
  message: messageRouter,
  client: clientRouter,
  audit: auditRouter,
  operator: operatorRouter,
  overview: overviewRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
