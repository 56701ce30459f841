"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AppsIcon } from "~/components/icons";
import { useConsole } from "~/components/console/console-context";
import { errorText, useFormat } from "~/components/console/format";
import { Button, Card, Dialog, EmptyState, Field, Notice, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";

export function CreateAppButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { can } = useConsole();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const create = useMutation(trpc.app.create.mutationOptions({ onSuccess: (app) => (setOpen(false), router.push(`/apps/${encodeURIComponent(app.id)}`), router.refresh()) }));
  if (!can("admin")) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, ...(id.trim() ? { id: id.trim() } : {}) });
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.apps.create}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t.apps.createTitle} description={t.apps.createDescription}>
        <form onSubmit={submit} className="space-y-4">
          <Field label={t.apps.fieldName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          <Field label={t.apps.fieldAppId} hint={t.apps.fieldAppIdHint} value={id} onChange={(e) => setId(e.target.value)} pattern="[A-Za-z0-9_\-]{1,64}" className="font-mono" />
          {create.error && <Notice tone="error">{errorText(t, create.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {create.isPending ? t.apps.creating : t.apps.create}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function AppsTable() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const apps = useQuery(trpc.app.list.queryOptions());
  const rows = apps.data ?? [];
  return (
    <Card className="overflow-hidden">
      <Table label={t.apps.title}>
        <THead>
          <tr>
            <Th>{t.apps.columnName}</Th>
            <Th>{t.apps.columnAppId}</Th>
            <Th>{t.apps.columnCreated}</Th>
            <Th><span className="sr-only">{t.common.actions}</span></Th>
          </tr>
        </THead>
        <TBody>
          {rows.length === 0 && (
            <TableEmpty colSpan={4}>
              {apps.isPending ? <p className="py-12 text-center text-sm text-slate-400">{t.common.loading}</p> : <EmptyState icon={<AppsIcon />} title={t.apps.emptyTitle} description={t.apps.emptyBody} />}
            </TableEmpty>
          )}
          {rows.map((app) => (
            <Tr key={app.id}>
              <Td className="font-medium text-slate-900">{app.name}</Td>
              <Td className="font-mono text-xs">{app.id}</Td>
              <Td className="text-slate-500">{fmt.dateTime(app.createdAt)}</Td>
              <Td className="text-right">
                <Link href={`/apps/${encodeURIComponent(app.id)}`} className="text-sm font-medium text-brand-700 hover:underline">
                  {t.apps.settings}
                </Link>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
