import type { Metadata } from "next";
import { getI18n } from "~/i18n/server";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { AppSettingsView } from "./app-settings";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.appSettings.title };
}

export default async function AppPage({ params }: { params: Promise<{ appId: string }> }) {
  const appId = decodeURIComponent((await params).appId);
  prefetch(trpc.app.get.queryOptions({ appId }));
  return (
    <HydrateClient>
      <AppSettingsView appId={appId} />
    </HydrateClient>
  );
}
