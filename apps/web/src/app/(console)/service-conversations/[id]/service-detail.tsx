"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useConsole } from "~/components/console/console-context";
import { useFormat } from "~/components/console/format";
import { Card, CardBody, CardHeader, Notice } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { ConversationDetail } from "../../conversations/[id]/conversation-detail";
import { MembersPanel } from "../../conversations/[id]/members-panel";
import { Composer } from "../../conversations/[id]/messages-panel";

/** Broadcast with the recipient count shown (and confirmed) before sending. */
function Broadcast({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const trpc = useTRPC();
  const [target, setTarget] = useState<"all" | "chosen">("all");
  const count = useQuery(trpc.conversation.member.count.queryOptions({ appId, conversationId }));
  const n = count.data?.count ?? 0;
  return (
    <Card aria-labelledby="broadcast-title">
      <CardHeader titleId="broadcast-title" title={t.serviceConversations.broadcastTitle} description={t.serviceConversations.broadcastDescription} />
      <CardBody className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t.serviceConversations.recipients}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="recipients" checked={target === "all"} onChange={() => setTarget("all")} className="accent-brand-600" />
            {format(t.serviceConversations.recipientsAll, { count: fmt.number(n) })}
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-500">
            <input type="radio" name="recipients" checked={target === "chosen"} onChange={() => setTarget("chosen")} className="accent-brand-600" />
            {t.serviceConversations.recipientsChosen}
          </label>
        </fieldset>
        {target === "chosen" ? <Notice>{t.serviceConversations.recipientsChosenUnavailable}</Notice> : <Composer appId={appId} conversationId={conversationId} confirmCount={n} />}
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
