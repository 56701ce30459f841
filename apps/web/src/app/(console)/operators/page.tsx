import type { Metadata } from "next";
import { OperatorsIcon } from "~/components/icons";
import { PageHeader } from "~/components/shell/page-header";
import { Card, EmptyState } from "~/components/ui";
import { getI18n } from "~/i18n/server";
import { hasRole } from "~/lib/roles";
import { api, HydrateClient, prefetch, trpc } from "~/trpc/server";
import { CreateOperatorButton, OperatorsTable } from "./operators-view";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.operators.title };
}

export default async function OperatorsPage() {
  const [{ t }, me] = await Promise.all([getI18n(), api.auth.me()]);
  const isAdmin = !!me && hasRole(me.operator.role, "admin");
  if (isAdmin) prefetch(trpc.operator.list.queryOptions());
  return (
    <>
      <PageHeader title={t.operators.title} description={t.operators.description} actions={isAdmin ? <CreateOperatorButton /> : undefined} />
      {isAdmin ? (
        <HydrateClient>
          <OperatorsTable />
        </HydrateClient>
      ) : (
        <Card>
          <EmptyState icon={<OperatorsIcon />} title={t.errors.forbiddenTitle} description={t.operators.forbiddenBody} />
        </Card>
      )}
    </>
  );
}
