import type { Metadata } from "next";
import { NoApp } from "~/components/console/no-app";
import { getI18n } from "~/i18n/server";
import { getCurrentApp } from "~/trpc/current-app";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { ServiceDetail } from "./service-detail";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.serviceConversations.title };
}

export default async function ServiceConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ t }, { appId }, { id }] = await Promise.all([getI18n(), getCurrentApp(), params]);
  if (!appId) return <NoApp t={t} />;
  const conversationId = decodeURIComponent(id);
  prefetch(trpc.conversation.get.queryOptions({ appId, conversationId }));
  return (
    <HydrateClient>
      <ServiceDetail appId={appId} conversationId={conversationId} />
    </HydrateClient>
  );
}
