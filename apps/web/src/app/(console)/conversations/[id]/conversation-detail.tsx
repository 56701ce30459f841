"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, useFormat } from "~/components/console/format";
import { LiveBadge, useLiveRefresh } from "~/components/console/live";
import { PageHeader } from "~/components/shell/page-header";
import { Badge, Button, Card, CardBody, CardHeader, Dialog, Labeled, Notice, Textarea } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { cn } from "~/lib/cn";
import { useTRPC } from "~/trpc/client";
import { MembersPanel } from "./members-panel";
import { MessagesPanel } from "./messages-panel";
import { ModerationPanel } from "./moderation-panel";

const TABS = ["overview", "members", "moderation", "messages"] as const;
type Tab = (typeof TABS)[number];

/** `key=JSON` lines → the update's attribute edits; `key=DELETE` removes the key. */
export function parseEdits(text: string): { edits: Record<string, unknown> } | { badLine: number } {
  const edits: Record<string, unknown> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) return { badLine: i + 1 };
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    if (raw === "DELETE") {
      edits[key] = { __op: "Delete" };
      continue;
    }
    try {
      edits[key] = JSON.parse(raw);
    } catch {
      return { badLine: i + 1 };
    }
  }
  return { edits };
}

function AttributesCard({ appId, conversationId, attributes, editable }: { appId: string; conversationId: string; attributes: unknown; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [bad, setBad] = useState<number | null>(null);
  const update = useMutation(trpc.conversation.update.mutationOptions({ onSuccess: () => setText("") }));
  const apply = () => {
    const parsed = parseEdits(text);
    if ("badLine" in parsed) return setBad(parsed.badLine);
    setBad(null);
    if (Object.keys(parsed.edits).length > 0) update.mutate({ appId, conversationId, attributes: parsed.edits as Record<string, never> });
  };
  const empty = !attributes || Object.keys(attributes as object).length === 0;
  return (
    <Card aria-labelledby="attributes-title">
      <CardHeader titleId="attributes-title" title={t.conversation.attributesTitle} description={t.conversation.attributesDescription} />
      <CardBody className="space-y-4">
        {empty ? (
          <p className="text-sm text-slate-400">{t.conversation.noAttributes}</p>
        ) : (
          <pre className="max-h-96 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">{JSON.stringify(attributes, null, 2)}</pre>
        )}
        {editable && (
          <div className="space-y-2">
            <Labeled label={t.conversation.editTitle} hint={t.conversation.editHint}>
              {(id, hint) => (
                <Textarea id={id} aria-describedby={hint} value={text} onChange={(e) => setText(e.target.value)} placeholder={t.conversation.editPlaceholder} rows={4} />
              )}
            </Labeled>
            {bad !== null && <Notice tone="error">{format(t.conversation.editInvalid, { line: bad })}</Notice>}
            {update.error && <Notice tone="error">{errorText(t, update.error)}</Notice>}
            {update.isSuccess && <Notice tone="success">{t.conversation.updatedOk}</Notice>}
            <Button onClick={apply} loading={update.isPending} disabled={!text.trim()}>
              {update.isPending ? t.conversation.applying : t.conversation.apply}
            </Button>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

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

/** WAI-ARIA tabs: arrow keys move between tabs, the panel follows. */
function Tabs({ value, onChange, labels }: { value: Tab; onChange: (tab: Tab) => void; labels: Record<Tab, string> }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const base = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    const i = TABS.indexOf(value);
    const next = event.key === "ArrowRight" ? TABS[(i + 1) % TABS.length] : event.key === "ArrowLeft" ? TABS[(i + TABS.length - 1) % TABS.length] : null;
    if (!next) return;
    event.preventDefault();
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" className="mb-4 flex gap-1 border-b border-slate-200" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            refs.current[tab] = el;
          }}
          id={`${base}-${tab}`}
          role="tab"
          type="button"
          aria-selected={value === tab}
          tabIndex={value === tab ? 0 : -1}
          onClick={() => onChange(tab)}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:rounded-t focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none",
            value === tab ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
          )}
        >
          {labels[tab]}
        </button>
      ))}
    </div>
  );
}

export function ConversationDetail({ appId, conversationId, backHref = "/conversations" }: { appId: string; conversationId: string; backHref?: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const live = useLiveRefresh(appId, conversationId);
  const [tab, setTab] = useState<Tab>("overview");
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
        value={tab}
        onChange={setTab}
        labels={{ overview: t.conversation.tabOverview, members: t.conversation.tabMembers, moderation: t.conversation.tabModeration, messages: t.conversation.tabMessages }}
      />
      <div role="tabpanel" aria-label={tab} className="space-y-6">
        {tab === "overview" && (
          <>
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
              <AttributesCard appId={appId} conversationId={c.id} attributes={{ ...(c.name !== null ? { name: c.name } : {}), ...c.attributes }} editable={can("moderator")} />
            )}
          </>
        )}
        {tab === "members" && <MembersPanel appId={appId} conversationId={c.id} kind={c.kind} />}
        {tab === "moderation" && <ModerationPanel appId={appId} conversationId={c.id} />}
        {tab === "messages" && <MessagesPanel appId={appId} conversationId={c.id} />}
      </div>
    </>
  );
}
