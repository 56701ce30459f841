import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { CSRF_HEADER } from "~/lib/csrf";
import { securityConfig, services } from "~/server/config";
import { createTRPCContext } from "~/server/trpc/init";
import { appRouter, createCaller } from "~/server/trpc/root";
import { makeQueryClient } from "./query-client";

/**
 * Context for calls made while rendering server components: the incoming
 * request's cookies, no way to set cookies, and never the CSRF header, so a
 * mutation through this caller is always refused.
 */
const createRscContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.delete(CSRF_HEADER);
  return createTRPCContext({
    headers: requestHeaders,
    resHeaders: null,
    services: services(),
    security: securityConfig(),
  });
});

/** One query client per request. */
export const getQueryClient = cache(makeQueryClient);

/** Query options for prefetching in server components (`prefetch(trpc.x.queryOptions())`). */
export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createRscContext,
  queryClient: getQueryClient,
});

/** Direct server-side calls (`await api.auth.me()`), e.g. for access checks in layouts. */
export const api = createCaller(createRscContext);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any procedure's query options (create-t3-turbo's helper)
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T): void {
  const queryClient = getQueryClient();
  if (queryOptions.queryKey[1]?.type === "infinite") {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- narrowed by the key check above
    void queryClient.prefetchInfiniteQuery(queryOptions as any);
  } else {
    void queryClient.prefetchQuery(queryOptions);
  }
}

/** Sends everything prefetched during this render to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
