import type { Metadata } from "next";
import { AuditIcon } from "~/components/icons";
import { EmptyTableCard } from "~/components/shell/empty-table-card";
import { PageHeader } from "~/components/shell/page-header";
import { getI18n } from "~/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auditLog.title };
}

export default async function AuditLogPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.auditLog.title} description={t.auditLog.description} />
      <EmptyTableCard
        label={t.auditLog.title}
        columns={[t.auditLog.columnTime, t.auditLog.columnOperator, t.auditLog.columnAction, t.auditLog.columnTarget]}
        icon={<AuditIcon />}
        title={t.auditLog.emptyTitle}
        description={t.auditLog.emptyBody}
      />
    </>
  );
}
