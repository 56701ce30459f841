import type { Metadata } from "next";
import { ConversationsIcon } from "~/components/icons";
import { EmptyTableCard } from "~/components/shell/empty-table-card";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.conversations.title };
}

export default async function ConversationsPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.conversations.title} description={t.conversations.description} />
      <EmptyTableCard
        label={t.conversations.title}
        columns={[t.conversations.columnName, t.conversations.columnType, t.conversations.columnMembers, t.conversations.columnLastMessage, t.conversations.columnCreated]}
        icon={<ConversationsIcon />}
        title={t.conversations.emptyTitle}
        description={t.conversations.emptyBody}
      />
    </>
  );
}
