"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ClientsIcon } from "~/components/icons";
import { errorText, useFormat } from "~/components/console/format";
import { Badge, Button, Card, CardHeader, EmptyState, Input, Notice, Table, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { previewOf } from "../conversations/conversation-list";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={id} className="overflow-hidden">
      <CardHeader titleId={id} title={title} />
      {children}
    </Card>
  );
}

const link = (id: string, label: string | null) => (
  <Link href={`/conversations/${encodeURIComponent(id)}`} className="text-brand-700 hover:underline">
    {label ?? id}
  </Link>
);

export function ClientLookup({ appId, initial }: { appId: string; initial: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [clientId, setClientId] = useState(initial);
  const lookup = useQuery({ ...trpc.client.lookup.queryOptions({ appId, clientId }), enabled: clientId.length > 0 });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setClientId(text.trim());
    router.replace(`/clients?id=${encodeURIComponent(text.trim())}`);
  };
  const d = lookup.data;
  const none = <p className="px-5 py-4 text-sm text-slate-400">{t.clients.none}</p>;
  const unread = new Map(d?.unread.map((u) => [u.conversationId, u]) ?? []);

  return (
    <div className="space-y-6">
      <form onSubmit={submit} role="search" className="flex max-w-xl gap-2">
        <Input aria-label={t.clients.placeholder} placeholder={t.clients.placeholder} value={text} onChange={(e) => setText(e.target.value)} className="font-mono" />
        <Button type="submit" disabled={!text.trim()}>
          {t.clients.lookup}
        </Button>
      </form>
      {!clientId && (
        <Card>
          <EmptyState icon={<ClientsIcon />} title={t.clients.emptyTitle} description={t.clients.emptyBody} />
        </Card>
      )}
      {lookup.error && <Notice tone="error">{errorText(t, lookup.error)}</Notice>}
      {clientId && lookup.isPending && <p className="text-sm text-slate-400">{t.common.loading}</p>}
      {d && (
        <>
          {d.conversations.length === 0 && d.blocked.length === 0 && <Notice>{t.clients.notFound}</Notice>}
          <Section id="client-conversations" title={t.clients.conversationsTitle}>
            {d.conversations.length === 0 ? none : (
              <Table label={t.clients.conversationsTitle}>
                <THead>
                  <tr>
                    <Th>{t.clients.columnConversation}</Th>
                    <Th>{t.conversations.columnType}</Th>
                    <Th>{t.clients.columnRole}</Th>
                    <Th>{t.clients.columnUnread}</Th>
                    <Th>{t.members.columnRead}</Th>
                    <Th>{t.conversations.columnLastMessage}</Th>
                  </tr>
                </THead>
                <TBody>
                  {d.conversations.map((c) => {
                    const u = unread.get(c.id);
                    return (
                      <Tr key={c.id}>
                        <Td>{link(c.id, c.name)}</Td>
                        <Td>{t.kinds[c.kind]}</Td>
                        <Td>{t.members.role[c.role]}</Td>
                        <Td className="tabular-nums">
                          {u ? u.count : 0} {u?.mentioned && <Badge tone="warning">{t.clients.mentioned}</Badge>}
                        </Td>
                        <Td className="text-slate-500">{fmt.dateTime(c.readAt) ?? t.members.never}</Td>
                        <Td className="text-slate-500">{fmt.dateTime(c.lastMessageAt) ?? t.conversations.noMessages}</Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            )}
          </Section>
          <div className="grid gap-6 lg:grid-cols-2">
            <Section id="client-silenced" title={t.clients.silencedTitle}>
              {d.silenced.length === 0 ? none : (
                <ul className="divide-y divide-slate-100">
                  {d.silenced.map((s) => (
                    <li key={s.conversationId} className="px-5 py-3 text-sm">
                      {link(s.conversationId, s.name)} <span className="text-slate-500">{s.reason ? `· ${s.reason}` : ""} · {s.expiresAt ? format(t.clients.until, { time: fmt.dateTime(s.expiresAt) ?? "" }) : t.moderation.never}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section id="client-blocked" title={t.clients.blockedTitle}>
              {d.blocked.length === 0 ? none : (
                <ul className="divide-y divide-slate-100">
                  {d.blocked.map((b) => (
                    <li key={b.conversationId} className="px-5 py-3 text-sm">
                      {link(b.conversationId, b.name)} <span className="text-slate-500">{b.reason ? `· ${b.reason}` : ""}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </div>
          <Section id="client-recent" title={t.clients.recentTitle}>
            {d.recentMessages.length === 0 ? none : (
              <Table label={t.clients.recentTitle}>
                <THead>
                  <tr>
                    <Th>{t.clients.columnTime}</Th>
                    <Th>{t.clients.columnConversation}</Th>
                    <Th>{t.clients.columnContent}</Th>
                  </tr>
                </THead>
                <TBody>
                  {d.recentMessages.map((m) => (
                    <Tr key={m.id}>
                      <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(m.timestamp)}</Td>
                      <Td className="font-mono text-xs">{link(m.conversationId, null)}</Td>
                      <Td className="max-w-md truncate">{m.recalled ? <Badge tone="danger">{t.messages.recalled}</Badge> : m.binary ? t.conversations.binary : previewOf(m.text, "")}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
