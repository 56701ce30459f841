"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, useFormat } from "~/components/console/format";
import { LiveBadge, useLiveRefresh } from "~/components/console/live";
import { PageHeader } from "~/components/shell/page-header";
import { Badge, Button, Card, Dialog, Notice, TabPanel, Tabs } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import type { Json } from "./attributes";
import { AttributesCard } from "./attributes-editor";
import { MembersPanel } from "./members-panel";
import { MessagesPanel } from "./messages-panel";
import { ModerationPanel } from "./moderation-panel";

const TABS = ["overview", "members", "moderation", "messages"] as const;
type Tab = (typeof TABS)[number];

function DeleteButton({ appId, conversationId, backHref }: { appId: string; conversationId: string; backHref: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation(trpc.conversation.delete.mutationOptions({ onSuccess: () => router.push(backHref) }));
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        {t.conversation.delete}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t.conversation.deleteTitle}
        description={t.conversation.deleteBody}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate({ appId, conversationId })}>
              {t.conversation.deleteConfirm}
            </Button>
          </>
        }
      >
        {remove.error && <Notice tone="error">{errorText(t, remove.error)}</Notice>}
      </Dialog>
    </>
  );
}

export function ConversationDetail({ appId, conversationId, backHref = "/conversations" }: { appId: string; conversationId: string; backHref?: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const live = useLiveRefresh(appId, conversationId);
  const [tab, setTab] = useState<Tab>("overview");
  const tabsId = useId();
  const conversation = useQuery(trpc.conversation.get.queryOptions({ appId, conversationId }));
  const c = conversation.data;
  const back = (
    <Link href={backHref} className="text-sm text-brand-700 hover:underline">
      ← {backHref === "/conversations" ? t.conversation.back : t.serviceConversations.back}
    </Link>
  );
  if (!c) {
    return (
      <div className="space-y-4">
        {back}
        {conversation.error ? <Notice tone="error">{errorText(t, conversation.error)}</Notice> : <p className="text-sm text-slate-400">{t.common.loading}</p>}
      </div>
    );
  }
  const facts: [string, string][] = [
    [t.conversation.id, c.id],
    [t.conversation.kind, t.kinds[c.kind]],
    [t.conversation.creator, c.creator ?? t.common.notAvailable],
    [t.conversation.members, fmt.number(c.memberCount)],
    [t.conversation.created, fmt.dateTime(c.createdAt) ?? t.common.notAvailable],
    [t.conversation.updated, fmt.dateTime(c.updatedAt) ?? t.common.notAvailable],
    [t.conversation.lastMessage, fmt.dateTime(c.lastMessageAt) ?? t.conversations.noMessages],
  ];
  return (
    <>
      <div className="mb-2">{back}</div>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {c.name ?? t.conversations.unnamed} <Badge tone="brand">{t.kinds[c.kind]}</Badge>
          </span>
        }
        description={<span className="font-mono text-xs">{c.id}</span>}
        actions={
          <>
            <LiveBadge status={live} />
            {can("admin") && <DeleteButton appId={appId} conversationId={c.id} backHref={backHref} />}
          </>
        }
      />
      <Tabs
        label={t.conversation.tabsLabel}
        idBase={tabsId}
        tabs={TABS}
        value={tab}
        onChange={setTab}
        labels={{ overview: t.conversation.tabOverview, members: t.conversation.tabMembers, moderation: t.conversation.tabModeration, messages: t.conversation.tabMessages }}
      />
      <TabPanel idBase={tabsId} tab="overview" selected={tab === "overview"} className="space-y-6">
            <Card>
              <dl className="grid gap-x-6 gap-y-3 p-5 sm:grid-cols-2 lg:grid-cols-4">
                {facts.map(([k, v]) => (
                  <div key={k} className="min-w-0">
                    <dt className="text-xs font-medium text-slate-500">{k}</dt>
                    <dd className="truncate text-sm text-slate-900">{v}</dd>
                  </div>
                ))}
              </dl>
            </Card>
            {c.kind === "temporary" ? (
              <Notice>{t.conversation.temporaryNoAttributes}</Notice>
            ) : (
              <AttributesCard appId={appId} conversationId={c.id} attributes={{ ...(c.name !== null ? { name: c.name } : {}), ...(c.attributes as Record<string, Json>) }} editable={can("moderator")} />
            )}
      </TabPanel>
      <TabPanel idBase={tabsId} tab="members" selected={tab === "members"}>
        <MembersPanel appId={appId} conversationId={c.id} kind={c.kind} />
      </TabPanel>
      <TabPanel idBase={tabsId} tab="moderation" selected={tab === "moderation"}>
        <ModerationPanel appId={appId} conversationId={c.id} />
      </TabPanel>
      <TabPanel idBase={tabsId} tab="messages" selected={tab === "messages"}>
        <MessagesPanel appId={appId} conversationId={c.id} />
      </TabPanel>
    </>
  );
}
