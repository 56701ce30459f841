import type { Metadata } from "next";
import { NoApp } from "~/components/console/no-app";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";
import { getCurrentApp } from "~/trpc/current-app";
import { HydrateClient } from "~/trpc/server";
import { ConversationList } from "../conversations/conversation-list";
import { CreateConversationButton } from "../conversations/create-conversation";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.serviceConversations.title };
}

export default async function ServiceConversationsPage() {
  const [{ t }, { appId }] = await Promise.all([getI18n(), getCurrentApp()]);
  return (
    <>
      <PageHeader
        title={t.serviceConversations.title}
        description={t.serviceConversations.description}
        actions={appId && <CreateConversationButton appId={appId} kind="service" basePath="/service-conversations" />}
      />
      {appId ? (
        <HydrateClient>
          <ConversationList appId={appId} fixedKind="service" basePath="/service-conversations" />
        </HydrateClient>
      ) : (
        <NoApp t={t} />
      )}
    </>
  );
}
