"use client";

import { useQueries } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { Badge } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";

export type Presence = "online" | "offline" | "unknown" | "checking";

/** Ids per `client.online` call (the server asks the realtime service 20 at a time). */
const IDS_PER_QUERY = 100;
/** How often the badges are refreshed while the page is open. */
const REFRESH_MS = 30_000;

/** Why the status is unknown: the realtime service is down, or the console has no URL for it. */
export type PresenceProblem = "unavailable" | "not_configured" | null;

const problemOf = (error: unknown): PresenceProblem => {
  if (!error) return null;
  const code = error instanceof TRPCClientError ? (error.data as { domainCode?: string | null } | undefined)?.domainCode : null;
  return code === "REALTIME_NOT_CONFIGURED" ? "not_configured" : "unavailable";
};

/**
 * Online status of client ids, from the realtime service through `client.online`.
 * When it cannot be reached the ids are "unknown" (never an error page).
 */
export function usePresence(appId: string, clientIds: readonly string[]) {
  const trpc = useTRPC();
  const unique = [...new Set(clientIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) chunks.push(unique.slice(i, i + IDS_PER_QUERY));
  const results = useQueries({
    queries: chunks.map((ids) => ({
      ...trpc.client.online.queryOptions({ appId, clientIds: ids }),
      staleTime: 10_000,
      refetchInterval: REFRESH_MS,
      // Unreachable is an answer ("unknown"), not something to hammer.
      retry: false,
    })),
  });
  const byId = new Map<string, Presence>();
  let problem: PresenceProblem = null;
  chunks.forEach((ids, i) => {
    const r = results[i]!;
    const online = new Set(r.data?.online ?? []);
    if (r.error) problem ??= problemOf(r.error);
    for (const id of ids) byId.set(id, r.data ? (online.has(id) ? "online" : "offline") : r.error ? "unknown" : "checking");
  });
  return { of: (id: string): Presence => byId.get(id) ?? "checking", problem };
}

export function PresenceBadge({ status }: { status: Presence }) {
  const { t } = useI18n();
  const tone = status === "online" ? "success" : status === "unknown" ? "warning" : "neutral";
  return (
    <Badge tone={tone} className={status === "checking" ? "opacity-60" : undefined}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${status === "online" ? "bg-emerald-500" : status === "unknown" ? "bg-amber-500" : "bg-slate-400"}`} />
      {t.presence[status]}
      {status === "unknown" && <span className="sr-only">: {t.presence.unknownHint}</span>}
    </Badge>
  );
}

/** One line under a list saying why statuses show as unknown. */
export function PresenceProblemNote({ problem }: { problem: PresenceProblem }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <p role="status" className="text-xs text-amber-800">
      {problem === "not_configured" ? t.presence.notConfiguredNote : t.presence.unavailableNote}
    </p>
  );
}
