import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { securityConfig, services } from "~/server/config";
import { createTRPCContext } from "~/server/trpc/init";
import { appRouter } from "~/server/trpc/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createTRPCContext({ headers: req.headers, resHeaders, services: services(), security: securityConfig() }),
    // Per-operator data: never cached by the browser or a proxy.
    responseMeta: () => ({ headers: new Headers({ "cache-control": "no-store" }) }),
    onError({ error, path, type }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`[trpc] ${type} ${path ?? "<no path>"} failed:`, error.cause ?? error);
      }
    },
  });

export { handler as GET, handler as POST };
