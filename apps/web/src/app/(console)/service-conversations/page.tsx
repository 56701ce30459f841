import type { Metadata } from "next";
import { ServiceIcon } from "~/components/icons";
import { EmptyTableCard } from "~/components/shell/empty-table-card";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.serviceConversations.title };
}

export default async function ServiceConversationsPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.serviceConversations.title} description={t.serviceConversations.description} />
      <EmptyTableCard
        label={t.serviceConversations.title}
        columns={[t.serviceConversations.columnName, t.serviceConversations.columnSubscribers, t.serviceConversations.columnLastBroadcast, t.serviceConversations.columnCreated]}
        icon={<ServiceIcon />}
        title={t.serviceConversations.emptyTitle}
        description={t.serviceConversations.emptyBody}
      />
    </>
  );
}
