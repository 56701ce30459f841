"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { splitIds, useFormat } from "~/components/console/format";
import { Button, Card, CardBody, CardHeader, Input } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { ConversationDetail } from "../../conversations/[id]/conversation-detail";
import { MembersPanel } from "../../conversations/[id]/members-panel";
import { Composer } from "../../conversations/[id]/messages-panel";

/** At most this many chosen recipients per message (core's limit). */
const MAX_CHOSEN = 500;

/** Chooses subscribers: search by client id prefix and tick, or paste ids (checked on send). */
function SubscriberPicker({ appId, conversationId, chosen, onChange }: { appId: string; conversationId: string; chosen: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const trpc = useTRPC();
  const s = t.serviceConversations;
  const [prefix, setPrefix] = useState("");
  const [pasted, setPasted] = useState("");
  const list = useInfiniteQuery(
    trpc.conversation.member.list.infiniteQueryOptions({ appId, conversationId, prefix: prefix.trim() || null, limit: 20 }, { getNextPageParam: (last) => last.next }),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = new Set(chosen);
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id].slice(0, MAX_CHOSEN) : chosen.filter((c) => c !== id));
  const addPasted = (event: FormEvent) => {
    event.preventDefault();
    onChange([...new Set([...chosen, ...splitIds(pasted)])].slice(0, MAX_CHOSEN));
    setPasted("");
  };
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="space-y-2">
        <Input type="search" aria-label={s.pickerSearch} placeholder={s.pickerSearch} value={prefix} onChange={(e) => setPrefix(e.target.value)} />
        <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200" aria-label={s.subscribersTitle}>
          {rows.length === 0 && <li className="px-3 py-4 text-center text-sm text-slate-400">{list.isPending ? t.common.loading : s.pickerEmpty}</li>}
          {rows.map((m) => (
            <li key={m.clientId}>
              <label className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm hover:bg-slate-50">
                <input type="checkbox" className="size-4 accent-brand-600" checked={set.has(m.clientId)} onChange={(e) => toggle(m.clientId, e.target.checked)} disabled={!set.has(m.clientId) && chosen.length >= MAX_CHOSEN} />
                <span className="font-mono text-xs">{m.clientId}</span>
              </label>
            </li>
          ))}
        </ul>
        {list.hasNextPage && (
          <Button variant="secondary" size="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {s.pickerMore}
          </Button>
        )}
        <form onSubmit={addPasted} className="flex gap-2">
          <Input aria-label={s.pasteLabel} placeholder={s.pasteLabel} value={pasted} onChange={(e) => setPasted(e.target.value)} className="font-mono" />
          <Button type="submit" variant="secondary" disabled={!pasted.trim()}>
            {s.pasteAdd}
          </Button>
        </form>
      </div>
      <section aria-labelledby="chosen-title" className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200">
        <div className="flex items-center justify-between gap-2">
          <h3 id="chosen-title" className="text-sm font-semibold text-slate-900" aria-live="polite">
            {fmt.count(s.chosenCount, chosen.length)}
          </h3>
          {chosen.length > 0 && (
            <Button variant="ghost" size="sm" onClick={() => onChange([])}>
              {s.clearChosen}
            </Button>
          )}
        </div>
        {chosen.length === 0 ? (
          <p className="text-sm text-slate-400">{s.chosenNone}</p>
        ) : (
          <ul className="flex max-h-52 flex-wrap gap-1.5 overflow-y-auto">
            {chosen.map((id) => (
              <li key={id} className="inline-flex items-center gap-1 rounded-md bg-brand-50 py-0.5 pr-0.5 pl-2 font-mono text-xs text-brand-800 ring-1 ring-brand-600/20">
                {id}
                <button type="button" onClick={() => toggle(id, false)} className="rounded px-1 text-brand-700 hover:bg-brand-100" aria-label={format(s.removeChosen, { client: id })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen.length >= MAX_CHOSEN && <p className="text-xs text-amber-800">{format(s.chosenMax, { max: fmt.number(MAX_CHOSEN) })}</p>}
      </section>
    </div>
  );
}

/** Broadcast, or a message to chosen subscribers, with the recipient count shown (and confirmed) before sending. */
function Broadcast({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const trpc = useTRPC();
  const [target, setTarget] = useState<"all" | "chosen">("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const count = useQuery(trpc.conversation.member.count.queryOptions({ appId, conversationId }));
  const n = count.data?.count ?? 0;
  const s = t.serviceConversations;
  return (
    <Card aria-labelledby="broadcast-title">
      <CardHeader titleId="broadcast-title" title={s.broadcastTitle} description={s.broadcastDescription} />
      <CardBody className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{s.recipients}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="recipients" checked={target === "all"} onChange={() => setTarget("all")} className="accent-brand-600" />
            {format(s.recipientsAll, { count: fmt.number(n) })}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="recipients" checked={target === "chosen"} onChange={() => setTarget("chosen")} className="accent-brand-600" />
            {s.recipientsChosen}
          </label>
        </fieldset>
        {target === "chosen" ? (
          <>
            <SubscriberPicker appId={appId} conversationId={conversationId} chosen={chosen} onChange={setChosen} />
            <Composer appId={appId} conversationId={conversationId} toClients={chosen} confirmCount={chosen.length} confirmBody={s.confirmBodyChosen} />
          </>
        ) : (
          <Composer appId={appId} conversationId={conversationId} confirmCount={n} />
        )}
      </CardBody>
    </Card>
  );
}

/** A service conversation: the conversation detail, plus subscribers and broadcast up front. */
export function ServiceDetail({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { can } = useConsole();
  return (
    <div className="space-y-6">
      <ConversationDetail appId={appId} conversationId={conversationId} backHref="/service-conversations" />
      {can("moderator") && <Broadcast appId={appId} conversationId={conversationId} />}
      <MembersPanel appId={appId} conversationId={conversationId} kind="service" subscribers />
    </div>
  );
}
