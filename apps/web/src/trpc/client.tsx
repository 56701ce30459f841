"use client";

import { MutationCache, QueryCache, QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "~/lib/csrf";
import type { AppRouter } from "~/server/trpc/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A call that failed because the session ended: send the operator to sign in, then back here. */
function redirectToSignIn(error: unknown): void {
  if (!(error instanceof TRPCClientError)) return;
  if ((error.data as { code?: string } | undefined)?.code !== "UNAUTHORIZED") return;
  const { pathname, search } = window.location;
  if (pathname.startsWith("/sign-in")) return;
  window.location.assign(`/sign-in?expired=1&next=${encodeURIComponent(pathname + search)}`);
}

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // The server renders each request with a fresh client; the browser keeps one.
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient({
    queryCache: new QueryCache({ onError: redirectToSignIn }),
    mutationCache: new MutationCache({ onError: redirectToSignIn }),
  });
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // Live updates: server-sent events (EventSource, same origin, the session cookie goes along).
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({
            // Same origin in the browser; never called during server rendering.
            url: typeof window === "undefined" ? "http://localhost/api/trpc" : "/api/trpc",
            transformer: superjson,
            headers: () => ({ [CSRF_HEADER]: CSRF_HEADER_VALUE }),
            fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
