"use client";

import { useEffect } from "react";
import { AlertIcon } from "~/components/icons";
import { Button } from "~/components/ui";
import { useI18n } from "~/i18n/client";

/** Errors above the console frame (e.g. the database is unreachable while checking the session). */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-red-50 text-2xl text-red-500">
        <AlertIcon />
      </div>
      <h1 className="mt-4 text-xl font-semibold text-slate-900">{t.errors.errorTitle}</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">{t.errors.errorBody}</p>
      {digest && <p className="mt-2 font-mono text-xs text-slate-400">{digest}</p>}
      <Button className="mt-6" onClick={() => retry()}>
        {t.common.retry}
      </Button>
    </main>
  );
}
