"use client";

import type { OperatorRole } from "@parley/core";
import { useRouter } from "next/navigation";
import { createContext, useContext, useTransition, type ReactNode } from "react";
import { useI18n } from "~/i18n/client";
import { hasRole } from "~/lib/roles";
import { cn } from "~/lib/cn";
import { CURRENT_APP_COOKIE } from "~/lib/current-app";
import { AppsIcon } from "../icons";


export interface ConsoleValue {
  operator: { id: string; name: string; email: string; role: OperatorRole };
  apps: { id: string; name: string }[];
  /** The app every page acts on (null when there is none yet). */
  appId: string | null;
}

const ConsoleContext = createContext<ConsoleValue | null>(null);

export function ConsoleProvider({ value, children }: { value: ConsoleValue; children: ReactNode }) {
  return <ConsoleContext value={value}>{children}</ConsoleContext>;
}

export function useConsole(): ConsoleValue & { can: (min: OperatorRole) => boolean } {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole() must be used inside <ConsoleProvider>");
  return { ...value, can: (min) => hasRole(value.operator.role, min) };
}

/** Remembers the chosen app in a cookie and re-renders the server components for it. */
export function AppSwitcher({ className }: { className?: string }) {
  const { t } = useI18n();
  const { apps, appId } = useConsole();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (apps.length === 0) return null;
  const change = (next: string) => {
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${CURRENT_APP_COOKIE}=${encodeURIComponent(next)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    startTransition(() => router.refresh());
  };
  return (
    <label
      className={cn(
        "relative inline-flex h-9 max-w-48 items-center gap-1.5 rounded-lg px-2 text-sm text-slate-600 hover:bg-slate-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
        pending && "opacity-60",
        className,
      )}
    >
      <AppsIcon className="shrink-0 text-base text-slate-500" />
      <span className="sr-only">{t.appSwitcher.label}</span>
      <select
        value={appId ?? ""}
        onChange={(event) => change(event.target.value)}
        disabled={pending}
        className="min-w-0 cursor-pointer truncate appearance-none bg-transparent pr-1 font-medium text-slate-700 focus:outline-none"
      >
        {apps.map((app) => (
          <option key={app.id} value={app.id}>
            {app.name} ({app.id})
          </option>
        ))}
      </select>
    </label>
  );
}
