import Link from "next/link";
import { buttonClasses } from "~/components/ui";
import { getI18n } from "~/i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{t.errors.notFoundTitle}</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">{t.errors.notFoundBody}</p>
      <Link href="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t.common.goHome}
      </Link>
    </main>
  );
}
