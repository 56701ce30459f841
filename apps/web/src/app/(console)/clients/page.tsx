import type { Metadata } from "next";
import { ClientsIcon } from "~/components/icons";
import { EmptyTableCard } from "~/components/shell/empty-table-card";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.clients.title };
}

export default async function ClientsPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.clients.title} description={t.clients.description} />
      <EmptyTableCard
        label={t.clients.title}
        columns={[t.clients.columnClientId, t.clients.columnApp, t.clients.columnStatus, t.clients.columnLastSeen]}
        icon={<ClientsIcon />}
        title={t.clients.emptyTitle}
        description={t.clients.emptyBody}
      />
    </>
  );
}
