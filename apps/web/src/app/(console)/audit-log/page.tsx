import type { Metadata } from "next";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";
import { getCurrentApp } from "~/trpc/current-app";
import { AuditView } from "./audit-view";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auditLog.title };
}

export default async function AuditLogPage() {
  const [{ t }, { appId }] = await Promise.all([getI18n(), getCurrentApp()]);
  return (
    <>
      <PageHeader title={t.auditLog.title} description={t.auditLog.description} />
      <AuditView appId={appId} />
    </>
  );
}
