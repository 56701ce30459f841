"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, splitIds, useFormat } from "~/components/console/format";
import { PresenceBadge, PresenceProblemNote, usePresence } from "~/components/console/presence";
import { Button, Card, CardHeader, Dialog, Input, Notice, Select, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { format, type Messages } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";

const ROLES = ["Owner", "Manager", "Member"] as const;

/** "Done." or which ids failed and why. */
export function batchText(t: Messages, r: { allowed: string[]; failures: { code: string; clientIds: string[] }[] }): string {
  const failed = r.failures.flatMap((f) => f.clientIds);
  if (failed.length === 0) return t.members.done;
  return format(t.members.partial, { allowed: r.allowed.length, failed: failed.length, codes: r.failures.map((f) => f.code).join(", ") });
}

/** Members (or subscribers) with role, receipt watermarks and unread; add, remove, change role. */
export function MembersPanel({ appId, conversationId, kind, subscribers = false }: { appId: string; conversationId: string; kind: string; subscribers?: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const queryClient = useQueryClient();
  const [prefix, setPrefix] = useState("");
  const [toAdd, setToAdd] = useState("");
  const [removing, setRemoving] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const count = useQuery(trpc.conversation.member.count.queryOptions({ appId, conversationId }));
  const members = useInfiniteQuery(
    trpc.conversation.member.list.infiniteQueryOptions(
      { appId, conversationId, prefix: prefix.trim() || null, limit: 50 },
      { getNextPageParam: (last) => last.next },
    ),
  );
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.pathKey() });
  const onBatch = { onSuccess: (r: Parameters<typeof batchText>[1]) => (setResult(batchText(t, r)), refresh()) };
  const add = useMutation(trpc.conversation.member.add.mutationOptions({ ...onBatch, onSettled: () => setToAdd("") }));
  const remove = useMutation(trpc.conversation.member.remove.mutationOptions({ ...onBatch, onSettled: () => setRemoving(null) }));
  const role = useMutation(trpc.conversation.member.updateRole.mutationOptions({ onSuccess: () => (setResult(t.members.done), refresh()) }));
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];
  const presence = usePresence(appId, rows.map((m) => m.clientId));
  const error = add.error ?? remove.error ?? role.error;
  const mayEdit = can("moderator") && kind !== "temporary";
  const rolesApply = kind === "normal";

  const submitAdd = (event: FormEvent) => {
    event.preventDefault();
    const ids = splitIds(toAdd);
    if (ids.length > 0) add.mutate({ appId, conversationId, clientIds: ids });
  };

  return (
    <Card aria-labelledby="members-title" className="overflow-hidden">
      <CardHeader
        titleId="members-title"
        title={subscribers ? t.serviceConversations.subscribersTitle : t.members.title}
        description={
          <>
            {subscribers ? t.serviceConversations.subscribersDescription : t.members.description}{" "}
            {count.data && <strong className="font-medium text-slate-700">{fmt.count(subscribers ? t.members.subscribers : t.members.total, count.data.count)}</strong>}
          </>
        }
      />
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-3">
        <Input aria-label={t.members.search} placeholder={t.members.search} value={prefix} onChange={(e) => setPrefix(e.target.value)} className="max-w-64" type="search" />
        {mayEdit && (
          <form onSubmit={submitAdd} className="flex flex-1 flex-wrap gap-2">
            <Input aria-label={subscribers ? t.serviceConversations.addSubscribers : t.members.add} placeholder={t.members.addPlaceholder} value={toAdd} onChange={(e) => setToAdd(e.target.value)} className="min-w-48 flex-1" />
            <Button type="submit" loading={add.isPending} disabled={!toAdd.trim()}>
              {subscribers ? t.serviceConversations.addSubscribers : t.members.add}
            </Button>
          </form>
        )}
      </div>
      {(result || error) && <div className="px-5 pt-3">{error ? <Notice tone="error">{errorText(t, error)}</Notice> : <Notice tone="success">{result}</Notice>}</div>}
      <Table label={t.members.title} className="[&_td]:px-3 [&_th]:px-3 [&_tr>*:first-child]:pl-5 [&_tr>*:last-child]:pr-5">
        <THead>
          <tr>
            <Th>{t.members.columnClient}</Th>
            <Th>{t.presence.column}</Th>
            {rolesApply && <Th>{t.members.columnRole}</Th>}
            <Th>{t.members.columnJoined}</Th>
            <Th>{t.members.columnDelivered}</Th>
            <Th>{t.members.columnRead}</Th>
            <Th>{t.members.columnUnread}</Th>
            {mayEdit && <Th><span className="sr-only">{t.members.columnActions}</span></Th>}
          </tr>
        </THead>
        <TBody>
          {rows.length === 0 && (
            <TableEmpty colSpan={8}>
              <p className="py-8 text-center text-sm text-slate-400">{members.isPending ? t.common.loading : t.members.empty}</p>
            </TableEmpty>
          )}
          {rows.map((m) => (
            <Tr key={m.clientId}>
              <Td className="font-mono text-xs">
                <Link href={`/clients?id=${encodeURIComponent(m.clientId)}`} className="hover:text-brand-700 hover:underline">
                  {m.clientId}
                </Link>
              </Td>
              <Td>
                <PresenceBadge status={presence.of(m.clientId)} />
              </Td>
              {rolesApply && (
                <Td>
                  {mayEdit ? (
                    <Select
                      aria-label={format(t.members.roleLabel, { client: m.clientId })}
                      value={m.role}
                      className="h-8 w-32"
                      disabled={role.isPending}
                      onChange={(e) => role.mutate({ appId, conversationId, clientId: m.clientId, role: e.target.value as (typeof ROLES)[number] })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t.members.role[r]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    t.members.role[m.role]
                  )}
                </Td>
              )}
              <Td className="whitespace-nowrap text-slate-500" title={fmt.dateTime(m.joinedAt) ?? undefined}>{fmt.compact(m.joinedAt)}</Td>
              <Td className="whitespace-nowrap text-slate-500" title={fmt.dateTime(m.deliveredAt) ?? undefined}>{fmt.compact(m.deliveredAt) ?? t.members.never}</Td>
              <Td className="whitespace-nowrap text-slate-500" title={fmt.dateTime(m.readAt) ?? undefined}>{fmt.compact(m.readAt) ?? t.members.never}</Td>
              <Td className="tabular-nums">{m.unread > 99 ? "99+" : m.unread}</Td>
              {mayEdit && (
                <Td className="text-right">
                  <Button variant="ghost" size="sm" onClick={() => setRemoving(m.clientId)}>
                    {t.members.remove}
                  </Button>
                </Td>
              )}
            </Tr>
          ))}
        </TBody>
      </Table>
      <div className="flex items-center justify-between gap-3 border-t border-slate-100 px-5 py-3">
        <div>
          <PresenceProblemNote problem={presence.problem} />
        </div>
        {members.hasNextPage && (
          <Button variant="secondary" size="sm" loading={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
            {t.members.more}
          </Button>
        )}
      </div>
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={format(t.members.removeTitle, { client: removing ?? "" })}
        description={t.members.removeBody}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              {t.common.cancel}
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => removing && remove.mutate({ appId, conversationId, clientIds: [removing] })}>
              {t.members.remove}
            </Button>
          </>
        }
      />
    </Card>
  );
}
