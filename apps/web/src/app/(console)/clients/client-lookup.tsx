"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ClientsIcon } from "~/components/icons";
import { useConsole } from "~/components/console/console-context";
import { errorText, useFormat } from "~/components/console/format";
import { PresenceBadge, PresenceProblemNote, usePresence } from "~/components/console/presence";
import { Badge, Button, Card, CardHeader, Dialog, EmptyState, Field, Input, Notice, Table, TBody, Td, Th, THead, Tr } from "~/components/ui";
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

const KICK_REASON_MAX = 20;

/** Online status of the client, and "Kick" (moderators and admins) with a reason the SDK receives. */
function ClientStatus({ appId, clientId }: { appId: string; clientId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useConsole();
  const queryClient = useQueryClient();
  const presence = usePresence(appId, [clientId]);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const kick = useMutation(
    trpc.client.kick.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        setReason("");
        void queryClient.invalidateQueries({ queryKey: trpc.client.online.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) kick.mutate({ appId, clientId, reason: reason.trim() });
  };
  return (
    <Card aria-labelledby="client-status-title">
      <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
        <div className="min-w-0 space-y-1">
          <h2 id="client-status-title" className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
            <span className="truncate font-mono">{clientId}</span>
            <PresenceBadge status={presence.of(clientId)} />
          </h2>
          <PresenceProblemNote problem={presence.problem} />
          {kick.isSuccess && <Notice tone="success">{format(t.kick.done, { client: clientId })}</Notice>}
        </div>
        {can("moderator") && (
          <Button variant="danger" size="sm" onClick={() => (kick.reset(), setOpen(true))} disabled={presence.of(clientId) === "offline"}>
            {t.kick.action}
          </Button>
        )}
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title={format(t.kick.title, { client: clientId })} description={t.kick.body}>
        <form onSubmit={submit} className="space-y-4">
          <Field
            label={t.kick.reason}
            hint={format(t.kick.reasonHint, { max: KICK_REASON_MAX })}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={KICK_REASON_MAX}
            required
            autoFocus
          />
          {kick.error && <Notice tone="error">{errorText(t, kick.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button type="submit" variant="danger" loading={kick.isPending} disabled={!reason.trim()}>
              {t.kick.confirm}
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}

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
      {clientId && <ClientStatus key={clientId} appId={appId} clientId={clientId} />}
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
          <Section id="client-devices" title={t.clients.devicesTitle}>
            {d.devices.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-400">{t.clients.noDevices}</p>
            ) : (
              <Table label={t.clients.devicesTitle}>
                <THead>
                  <tr>
                    <Th>{t.clients.columnDevice}</Th>
                    <Th>{t.clients.columnTag}</Th>
                    <Th>{t.clients.columnLastLogin}</Th>
                  </tr>
                </THead>
                <TBody>
                  {d.devices.map((v) => (
                    <Tr key={`${v.deviceId ?? ""}\u0000${v.tag ?? ""}`}>
                      <Td className="font-mono text-xs">{v.deviceId ?? t.clients.unknownDevice}</Td>
                      <Td>{v.tag ? <Badge>{v.tag}</Badge> : <span className="text-slate-400">{t.clients.noTag}</span>}</Td>
                      <Td className="text-slate-500">
                        {fmt.dateTime(v.lastLogin)} · {fmt.count(t.clients.sessionTokens, v.sessions)}
                      </Td>
                    </Tr>
                  ))}
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
                      {link(b.conversationId, b.name)}{" "}
                      <span className="text-slate-500">
                        {b.reason ? `· ${b.reason}` : ""} · {b.expiresAt ? format(t.clients.until, { time: fmt.dateTime(b.expiresAt) ?? "" }) : t.moderation.never}
                      </span>
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
