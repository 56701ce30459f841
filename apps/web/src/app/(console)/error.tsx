"use client";

import { useEffect } from "react";
import { AlertIcon } from "~/components/icons";
import { Button, Card, EmptyState } from "~/components/ui";
import { useI18n } from "~/i18n/client";

export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <Card>
      <EmptyState
        icon={<AlertIcon className="text-red-500" />}
        title={t.errors.errorTitle}
        description={
          <>
            {t.errors.errorBody}
            {digest && <span className="mt-2 block font-mono text-xs text-slate-400">{digest}</span>}
          </>
        }
        action={<Button onClick={() => retry()}>{t.common.retry}</Button>}
      />
    </Card>
  );
}
