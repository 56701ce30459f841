"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { useI18n } from "~/i18n/client";
import { cn } from "~/lib/cn";
import { useTRPC } from "~/trpc/client";

/**
 * Live updates over server-sent events (`live.events`): every domain event of the app
 * (or of one conversation) marks the matching queries stale, at most every 500 ms,
 * so lists, details and message tails refresh without a reload.
 */
export function useLiveRefresh(appId: string, conversationId?: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(
      { appId, ...(conversationId ? { conversationId } : {}) },
      {
        onData: () => {
          if (timer.current) return;
          timer.current = setTimeout(() => {
            timer.current = null;
            void queryClient.invalidateQueries({ queryKey: trpc.conversation.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.message.history.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
          }, 500);
        },
      },
    ),
  );
  return subscription.status;
}

/** A small badge saying whether live updates are flowing. */
export function LiveBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const label = status === "pending" ? t.live.connected : status === "connecting" || status === "idle" ? t.live.connecting : t.live.offline;
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
      <span aria-hidden="true" className={cn("size-2 rounded-full", status === "pending" ? "bg-emerald-500" : status === "error" ? "bg-amber-500" : "bg-slate-300")} />
      {label}
    </span>
  );
}
