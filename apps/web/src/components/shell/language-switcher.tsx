"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useI18n } from "~/i18n/client";
import { isLocale, LOCALE_COOKIE, LOCALES, type Locale } from "~/i18n/config";
import { cn } from "~/lib/cn";
import { GlobeIcon } from "../icons";

const ONE_YEAR = 365 * 24 * 3600;

/** Remembers the choice in a cookie and re-renders the server components in the new language. */
export function LanguageSwitcher({ className }: { className?: string }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const names: Record<Locale, string> = { en: t.language.en, "zh-CN": t.language.zhCN };

  const change = (next: string) => {
    if (!isLocale(next) || next === locale) return;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${LOCALE_COOKIE}=${next}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secure}`;
    document.documentElement.lang = next;
    startTransition(() => router.refresh());
  };

  return (
    <label
      className={cn(
        "relative inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm text-slate-600 hover:bg-slate-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
        pending && "opacity-60",
        className,
      )}
    >
      <GlobeIcon className="text-base text-slate-500" />
      <span className="sr-only">{t.language.label}</span>
      <select
        value={locale}
        onChange={(event) => change(event.target.value)}
        disabled={pending}
        className="cursor-pointer appearance-none bg-transparent pr-1 font-medium text-slate-700 focus:outline-none"
      >
        {LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {names[value]}
          </option>
        ))}
      </select>
    </label>
  );
}
