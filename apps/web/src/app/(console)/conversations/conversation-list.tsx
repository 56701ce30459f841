"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ConversationsIcon } from "~/components/icons";
import { fromLocalInput, useFormat } from "~/components/console/format";
import { LiveBadge, useLiveRefresh } from "~/components/console/live";
import { Badge, Button, Card, EmptyState, Input, Labeled, Select, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import type { RouterInputs } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";

export type ListFilter = NonNullable<RouterInputs["conversation"]["list"]["filter"]>;
export const KINDS = ["normal", "chatroom", "service", "temporary"] as const;
export const PAGE_SIZE = 25;

const EMPTY_FORM = { kind: "", member: "", creator: "", name: "", attribute: "", createdFrom: "", createdTo: "", lastMessageFrom: "", lastMessageTo: "" };

function toFilter(form: typeof EMPTY_FORM, fixedKind?: ListFilter["kind"]): ListFilter {
  const text = (v: string) => v.trim() || undefined;
  return {
    kind: fixedKind ?? ((form.kind || undefined) as ListFilter["kind"]),
    member: text(form.member),
    creator: text(form.creator),
    name: text(form.name),
    attribute: text(form.attribute),
    createdFrom: fromLocalInput(form.createdFrom),
    createdTo: fromLocalInput(form.createdTo),
    lastMessageFrom: fromLocalInput(form.lastMessageFrom),
    lastMessageTo: fromLocalInput(form.lastMessageTo),
  };
}

/** The last message's text as a person would read it (TextMessage → its text). */
export function previewOf(text: string | null, fallback: string): string {
  if (text === null) return fallback;
  try {
    const parsed = JSON.parse(text) as { _lctext?: unknown };
    if (typeof parsed._lctext === "string") return parsed._lctext;
  } catch {
    // plain text
  }
  return text;
}

/**
 * The conversation table: filters, keyset "load more" (no page numbers: the server never
 * skips rows) and live refresh. `fixedKind` makes it the service-conversation list.
 */
export function ConversationList({ appId, fixedKind, basePath }: { appId: string; fixedKind?: ListFilter["kind"]; basePath: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const live = useLiveRefresh(appId);
  const [form, setForm] = useState(EMPTY_FORM);
  const [filter, setFilter] = useState<ListFilter>(() => toFilter(EMPTY_FORM, fixedKind));
  const query = useInfiniteQuery(
    trpc.conversation.list.infiniteQueryOptions({ appId, filter, limit: PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== fixedKind);
  const set = (key: keyof typeof EMPTY_FORM) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(toFilter(form, fixedKind));
  };
  const columns = fixedKind === "service"
    ? [t.conversations.columnName, t.serviceConversations.columnSubscribers, t.serviceConversations.columnLastBroadcast, t.conversations.columnCreated]
    : [t.conversations.columnName, t.conversations.columnType, t.conversations.columnMembers, t.conversations.columnLastMessage, t.conversations.columnCreated];

  return (
    <div className="space-y-4">
      <Card>
        <form onSubmit={submit} aria-label={t.conversations.filters} className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-4">
          {!fixedKind && (
            <Labeled label={t.conversations.filterKind}>
              {(id) => (
                <Select id={id} value={form.kind} onChange={set("kind")}>
                  <option value="">{t.conversations.filterAnyKind}</option>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t.kinds[k]}
                    </option>
                  ))}
                </Select>
              )}
            </Labeled>
          )}
          <Labeled label={t.conversations.filterName}>{(id) => <Input id={id} value={form.name} onChange={set("name")} />}</Labeled>
          <Labeled label={t.conversations.filterMember}>{(id) => <Input id={id} value={form.member} onChange={set("member")} />}</Labeled>
          <Labeled label={t.conversations.filterCreator}>{(id) => <Input id={id} value={form.creator} onChange={set("creator")} />}</Labeled>
          <Labeled label={t.conversations.filterAttribute} hint={t.conversations.filterAttributeHint}>
            {(id, hint) => <Input id={id} aria-describedby={hint} value={form.attribute} onChange={set("attribute")} className="font-mono" />}
          </Labeled>
          <Labeled label={t.conversations.filterCreatedFrom}>{(id) => <Input id={id} type="datetime-local" value={form.createdFrom} onChange={set("createdFrom")} />}</Labeled>
          <Labeled label={t.conversations.filterCreatedTo}>{(id) => <Input id={id} type="datetime-local" value={form.createdTo} onChange={set("createdTo")} />}</Labeled>
          <Labeled label={t.conversations.filterLastFrom}>{(id) => <Input id={id} type="datetime-local" value={form.lastMessageFrom} onChange={set("lastMessageFrom")} />}</Labeled>
          <Labeled label={t.conversations.filterLastTo}>{(id) => <Input id={id} type="datetime-local" value={form.lastMessageTo} onChange={set("lastMessageTo")} />}</Labeled>
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
            <Button type="submit">{t.conversations.apply}</Button>
            <Button
              variant="secondary"
              onClick={() => {
                setForm(EMPTY_FORM);
                setFilter(toFilter(EMPTY_FORM, fixedKind));
              }}
            >
              {t.conversations.reset}
            </Button>
            <span className="ml-auto">
              <LiveBadge status={live} />
            </span>
          </div>
        </form>
      </Card>

      <Card className="overflow-hidden">
        <Table label={fixedKind === "service" ? t.serviceConversations.title : t.conversations.title}>
          <THead>
            <tr>
              {columns.map((c) => (
                <Th key={c}>{c}</Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {rows.length === 0 && (
              <TableEmpty colSpan={columns.length}>
                {query.isPending ? (
                  <p className="py-12 text-center text-sm text-slate-400">{t.common.loading}</p>
                ) : (
                  <EmptyState
                    icon={<ConversationsIcon />}
                    title={filtered ? t.conversations.noMatchTitle : fixedKind === "service" ? t.serviceConversations.emptyTitle : t.conversations.emptyTitle}
                    description={filtered ? t.conversations.noMatchBody : fixedKind === "service" ? t.serviceConversations.emptyBody : t.conversations.emptyBody}
                  />
                )}
              </TableEmpty>
            )}
            {rows.map((c) => (
              <Tr key={c.id}>
                <Td className="max-w-64">
                  <Link href={`${basePath}/${encodeURIComponent(c.id)}`} className="block truncate font-medium text-brand-700 hover:underline">
                    {c.name ?? t.conversations.unnamed}
                  </Link>
                  <span className="block truncate font-mono text-xs text-slate-400">{c.id}</span>
                </Td>
                {!fixedKind && (
                  <Td>
                    <Badge tone={c.kind === "normal" ? "neutral" : c.kind === "service" ? "brand" : c.kind === "chatroom" ? "success" : "warning"}>{t.kinds[c.kind]}</Badge>
                    {c.expiresAt && <span className="mt-1 block text-xs text-slate-400">{format(t.conversations.expires, { time: fmt.short(c.expiresAt) ?? "" })}</span>}
                  </Td>
                )}
                <Td className="tabular-nums">{fmt.number(c.memberCount)}</Td>
                <Td className="max-w-80">
                  {c.lastMessageAt ? (
                    <>
                      <span className="block truncate text-slate-700">
                        <span className="font-mono text-xs text-slate-500">{c.lastMessageFrom}</span> {previewOf(c.lastMessagePreview, t.conversations.binary)}
                      </span>
                      <span className="text-xs text-slate-400">{fmt.dateTime(c.lastMessageAt)}</span>
                    </>
                  ) : (
                    <span className="text-slate-400">{t.conversations.noMessages}</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(c.createdAt)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {rows.length > 0 && (
          <div className="flex justify-center border-t border-slate-100 p-3">
            {query.hasNextPage ? (
              <Button variant="secondary" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? t.conversations.loadingMore : t.conversations.loadMore}
              </Button>
            ) : (
              <span className="text-sm text-slate-400">{t.conversations.end}</span>
            )}
          </div>
        )}
      </Card>
    </div>
  );
}
