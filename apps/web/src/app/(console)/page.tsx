import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ArrowRightIcon, PlugIcon } from "~/components/icons";
import { PageHeader } from "~/components/shell/page-header";
import { Card, CardBody, CardHeader } from "~/components/ui";
import { format } from "~/i18n/config";
import { getI18n } from "~/i18n/server";
import { publicLinks } from "~/server/config";
import { getCurrentApp } from "~/trpc/current-app";
import { api, HydrateClient, prefetch, trpc } from "~/trpc/server";
import { OverviewStats } from "./overview-stats";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.overview.title };
}

function Step({ n, title, body, href, children }: { n: number; title: string; body: string; href?: string; children?: ReactNode }) {
  const heading = href ? (
    <Link href={href} className="group inline-flex items-center gap-1.5 rounded hover:text-brand-700">
      {title}
      <ArrowRightIcon className="text-slate-400 transition-transform group-hover:translate-x-0.5 group-hover:text-brand-600" />
    </Link>
  ) : (
    title
  );
  return (
    <li className="flex gap-4">
      <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700 ring-1 ring-brand-600/15 ring-inset">
        {n}
      </span>
      <div className="min-w-0 pt-0.5">
        <h3 className="text-sm font-semibold text-slate-900">{heading}</h3>
        <p className="mt-0.5 text-sm text-slate-500">{body}</p>
        {children}
      </div>
    </li>
  );
}

export default async function OverviewPage() {
  const [{ t }, me, { apps, appId }] = await Promise.all([getI18n(), api.auth.me(), getCurrentApp()]);
  if (appId) prefetch(trpc.overview.stats.queryOptions({ appId }));
  const { realtimeUrl } = publicLinks();

  return (
    <>
      <PageHeader title={format(t.overview.welcome, { name: me?.operator.name ?? "" })} description={t.overview.description} />

      <h2 className="sr-only">{t.overview.title}</h2>
      {appId && (
        <HydrateClient>
          <OverviewStats appId={appId} appCount={apps.length} />
        </HydrateClient>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-5" aria-labelledby="getting-started">
          <CardHeader titleId="getting-started" title={t.overview.gettingStartedTitle} description={t.overview.gettingStartedDescription} />
          <CardBody>
            <ol className="space-y-5">
              <Step n={1} title={t.overview.stepCreateApp} body={t.overview.stepCreateAppBody} href="/apps" />
              <Step n={2} title={t.overview.stepConnectSdk} body={t.overview.stepConnectSdkBody}>
                <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
                  <span className="inline-flex items-center gap-1 text-slate-500">
                    <PlugIcon /> {t.overview.realtimeEndpoint}
                  </span>
                  {realtimeUrl ? (
                    <code className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800 select-all">{realtimeUrl}</code>
                  ) : (
                    <span className="text-slate-400">{t.overview.realtimeEndpointUnset}</span>
                  )}
                </div>
              </Step>
              <Step n={3} title={t.overview.stepWatch} body={t.overview.stepWatchBody} href="/conversations" />
            </ol>
          </CardBody>
        </Card>

      </div>
    </>
  );
}
