import type { Metadata } from "next";
import { NoApp } from "~/components/console/no-app";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";
import { getCurrentApp } from "~/trpc/current-app";
import { HydrateClient } from "~/trpc/server";
import { ConversationList } from "./conversation-list";
import { CreateConversationButton } from "./create-conversation";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.conversations.title };
}

export default async function ConversationsPage() {
  const [{ t }, { appId }] = await Promise.all([getI18n(), getCurrentApp()]);
  return (
    <>
      <PageHeader title={t.conversations.title} description={t.conversations.description} actions={appId && <CreateConversationButton appId={appId} />} />
      {appId ? (
        <HydrateClient>
          <ConversationList appId={appId} basePath="/conversations" />
        </HydrateClient>
      ) : (
        <NoApp t={t} />
      )}
    </>
  );
}
