"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AuditIcon } from "~/components/icons";
import { useConsole } from "~/components/console/console-context";
import { fromLocalInput, useFormat } from "~/components/console/format";
import { Badge, Button, buttonClasses, Card, EmptyState, Input, Labeled, Select, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { ANONYMOUS_OPERATOR_ID } from "~/lib/anonymous";
import type { RouterInputs } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";

type Filter = NonNullable<RouterInputs["audit"]["list"]["filter"]>;
const EMPTY = { operatorId: "", action: "", conversationId: "", from: "", to: "", thisApp: false };

export function AuditView({ appId }: { appId: string | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const [form, setForm] = useState(EMPTY);
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<string | null>(null);
  const allowed = can("moderator");
  const facets = useQuery({ ...trpc.audit.facets.queryOptions(), enabled: allowed });
  const list = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions({ filter, limit: 50 }, { getNextPageParam: (last) => last.nextCursor }),
    enabled: allowed,
  });
  if (!allowed) {
    return (
      <Card>
        <EmptyState icon={<AuditIcon />} title={t.errors.forbiddenTitle} description={t.auditLog.forbiddenBody} />
      </Card>
    );
  }
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({
      operatorId: form.operatorId || undefined,
      action: form.action || undefined,
      conversationId: form.conversationId.trim() || undefined,
      from: fromLocalInput(form.from),
      to: fromLocalInput(form.to),
      appId: form.thisApp && appId ? appId : undefined,
    });
  };
  const exportHref = `/api/audit-log/export?${new URLSearchParams(
    Object.entries({ ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }).filter((e): e is [string, string] => typeof e[1] === "string"),
  ).toString()}`;

  return (
    <div className="space-y-4">
      <Card>
        <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-3">
          <Labeled label={t.auditLog.filterOperator}>
            {(id) => (
              <Select id={id} value={form.operatorId} onChange={(e) => setForm((f) => ({ ...f, operatorId: e.target.value }))}>
                <option value="">{t.auditLog.filterAnyOperator}</option>
                {facets.data?.operators.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} ({o.email})
                  </option>
                ))}
              </Select>
            )}
          </Labeled>
          <Labeled label={t.auditLog.filterAction}>
            {(id) => (
              <Select id={id} value={form.action} onChange={(e) => setForm((f) => ({ ...f, action: e.target.value }))}>
                <option value="">{t.auditLog.filterAnyAction}</option>
                {[...new Set(facets.data?.actions.map((a) => `${a.split(".")[0]}.`))].map((prefix) => (
                  <option key={prefix} value={prefix}>
                    {prefix}*
                  </option>
                ))}
                {facets.data?.actions.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </Select>
            )}
          </Labeled>
          <Labeled label={t.auditLog.filterConversation}>{(id) => <Input id={id} value={form.conversationId} onChange={(e) => setForm((f) => ({ ...f, conversationId: e.target.value }))} className="font-mono" />}</Labeled>
          <Labeled label={t.auditLog.filterFrom}>{(id) => <Input id={id} type="datetime-local" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />}</Labeled>
          <Labeled label={t.auditLog.filterTo}>{(id) => <Input id={id} type="datetime-local" value={form.to} onChange={(e) => setForm((f) => ({ ...f, to: e.target.value }))} />}</Labeled>
          <label className="flex items-end gap-2 pb-2 text-sm text-slate-700">
            <input type="checkbox" checked={form.thisApp} onChange={(e) => setForm((f) => ({ ...f, thisApp: e.target.checked }))} className="size-4 accent-brand-600" disabled={!appId} />
            {t.auditLog.filterThisApp}
          </label>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
            <Button type="submit">{t.conversations.apply}</Button>
            <Button variant="secondary" onClick={() => (setForm(EMPTY), setFilter({}))}>
              {t.conversations.reset}
            </Button>
            {can("admin") && (
              <a href={exportHref} className={buttonClasses("secondary", "md", "ml-auto")} download>
                {t.auditLog.exportCsv}
              </a>
            )}
          </div>
        </form>
      </Card>
      <Card className="overflow-hidden">
        <Table label={t.auditLog.title}>
          <THead>
            <tr>
              <Th>{t.auditLog.columnTime}</Th>
              <Th>{t.auditLog.columnOperator}</Th>
              <Th>{t.auditLog.columnAction}</Th>
              <Th>{t.auditLog.columnTarget}</Th>
              <Th>{t.auditLog.columnFrom}</Th>
              <Th>{t.auditLog.columnDetails}</Th>
            </tr>
          </THead>
          <TBody>
            {rows.length === 0 && (
              <TableEmpty colSpan={6}>
                {list.isPending ? <p className="py-12 text-center text-sm text-slate-400">{t.common.loading}</p> : <EmptyState icon={<AuditIcon />} title={t.auditLog.emptyTitle} description={t.auditLog.emptyBody} />}
              </TableEmpty>
            )}
            {rows.map((r) => (
              <Tr key={r.id} className="align-top">
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(r.at)}</Td>
                <Td>
                  {r.operatorId === ANONYMOUS_OPERATOR_ID ? (
                    <span className="block text-slate-500 italic">{t.auditLog.anonymous}</span>
                  ) : (
                    <>
                      <span className="block">{r.operatorName ?? r.operatorId}</span>
                      <Badge>{t.roles[r.role]}</Badge>
                    </>
                  )}
                </Td>
                <Td className="font-mono text-xs">{r.action}</Td>
                <Td className="max-w-56 truncate font-mono text-xs">
                  {r.appId && <span className="block text-slate-400">{r.appId}</span>}
                  {r.target}
                </Td>
                <Td className="text-xs text-slate-500">{r.ip ?? t.common.notAvailable}</Td>
                <Td>
                  {(r.before !== null || r.after !== null) && (
                    <Button variant="ghost" size="sm" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                      {t.auditLog.show}
                    </Button>
                  )}
                  {open === r.id && (
                    <div className="mt-2 grid max-w-xl gap-2 text-xs">
                      {r.before !== null && (
                        <div>
                          <p className="font-medium text-slate-500">{t.auditLog.before}</p>
                          <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono ring-1 ring-slate-200">{JSON.stringify(r.before, null, 2)}</pre>
                        </div>
                      )}
                      {r.after !== null && (
                        <div>
                          <p className="font-medium text-slate-500">{t.auditLog.after}</p>
                          <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono ring-1 ring-slate-200">{JSON.stringify(r.after, null, 2)}</pre>
                        </div>
                      )}
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {list.hasNextPage && (
          <div className="flex justify-center border-t border-slate-100 p-3">
            <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t.conversations.loadMore}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
