import type { Metadata } from "next";
import { NoApp } from "~/components/console/no-app";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";
import { getCurrentApp } from "~/trpc/current-app";
import { ClientLookup } from "./client-lookup";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.clients.title };
}

export default async function ClientsPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const [{ t }, { appId }, params] = await Promise.all([getI18n(), getCurrentApp(), searchParams]);
  return (
    <>
      <PageHeader title={t.clients.title} description={t.clients.description} />
      {appId ? <ClientLookup appId={appId} initial={typeof params.id === "string" ? params.id : ""} /> : <NoApp t={t} />}
    </>
  );
}
