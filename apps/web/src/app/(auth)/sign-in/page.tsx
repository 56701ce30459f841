import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ParleyMark } from "~/components/icons";
import { LanguageSwitcher } from "~/components/shell/language-switcher";
import { format } from "~/i18n/config";
import { getI18n } from "~/i18n/server";
import { safeNextPath } from "~/lib/redirect";
import { DEFAULT_AUTH_POLICY } from "~/server/auth/service";
import { api } from "~/trpc/server";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auth.signIn };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params["next"]);
  if (await api.auth.me()) redirect(next);

  const { t } = await getI18n();
  const notice = params["expired"] ? t.auth.sessionExpired : params["signedOut"] ? t.auth.signedOut : null;

  return (
    <div className="relative flex min-h-dvh flex-col bg-gradient-to-b from-brand-50 via-slate-50 to-slate-50">
      <header className="flex items-center justify-end px-4 py-3 sm:px-6">
        <LanguageSwitcher />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex flex-col items-center text-center">
            <ParleyMark className="text-5xl drop-shadow-sm" />
            <h1 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900">{t.auth.signInTitle}</h1>
            <p className="mt-2 text-sm text-pretty text-slate-500">{t.auth.signInSubtitle}</p>
          </div>
          <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
            <SignInForm next={next} notice={notice} />
          </div>
          <p className="mt-6 text-center text-xs text-slate-400">{format(t.auth.footnote, { idleHours: DEFAULT_AUTH_POLICY.idleTimeoutMs / 3_600_000 })}</p>
        </div>
      </main>
    </div>
  );
}
