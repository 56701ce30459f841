import type { Metadata } from "next";
import { AppsIcon } from "~/components/icons";
import { EmptyTableCard } from "~/components/shell/empty-table-card";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.apps.title };
}

export default async function AppsPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.apps.title} description={t.apps.description} />
      <EmptyTableCard
        label={t.apps.title}
        columns={[t.apps.columnName, t.apps.columnAppId, t.apps.columnClients, t.apps.columnCreated]}
        icon={<AppsIcon />}
        title={t.apps.emptyTitle}
        description={t.apps.emptyBody}
      />
    </>
  );
}
