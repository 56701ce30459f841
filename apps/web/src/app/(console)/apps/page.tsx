import type { Metadata } from "next";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { AppsTable, CreateAppButton } from "./apps-view";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.apps.title };
}

export default async function AppsPage() {
  const { t } = await getI18n();
  prefetch(trpc.app.list.queryOptions());
  return (
    <>
      <PageHeader title={t.apps.title} description={t.apps.description} actions={<CreateAppButton />} />
      <HydrateClient>
        <AppsTable />
      </HydrateClient>
    </>
  );
}
