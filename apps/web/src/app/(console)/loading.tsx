import { getI18n } from "~/i18n/server";

/** Shown while a console page renders on the server. */
export default async function Loading() {
  const { t } = await getI18n();
  return (
    <div role="status" aria-busy="true" className="animate-pulse">
      <span className="sr-only">{t.common.loading}</span>
      <div className="mb-2 h-7 w-48 rounded-md bg-slate-200" />
      <div className="mb-6 h-4 w-80 max-w-full rounded bg-slate-100" />
      <div className="h-64 rounded-xl border border-slate-200 bg-white" />
    </div>
  );
}
