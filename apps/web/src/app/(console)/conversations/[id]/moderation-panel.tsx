"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, splitIds, useFormat } from "~/components/console/format";
import { Button, Card, CardHeader, Input, Notice, Select, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { batchText } from "./members-panel";

const DURATIONS = [
  ["", "durationForever"],
  ["600", "duration10m"],
  ["3600", "duration1h"],
  ["86400", "duration1d"],
  ["604800", "duration7d"],
  ["2592000", "duration30d"],
] as const;

interface ModerationRow {
  clientId: string;
  reason: string | null;
  by: string;
  createdAt: Date;
  expiresAt: Date | null;
}

interface ModerationListProps {
  id: string;
  title: string;
  description: string;
  empty: string;
  addLabel: string;
  removeLabel: string;
  danger?: boolean;
  rows: ModerationRow[] | undefined;
  mayEdit: boolean;
  adding: boolean;
  removing: string | null;
  onAdd(input: { clientIds: string[]; durationSeconds: number | undefined; reason: string | undefined }, reset: () => void): void;
  onRemove(clientId: string): void;
}

/** One moderation list (silenced or blocked): the add form (clients, duration, reason) and the rows. */
function ModerationList(props: ModerationListProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [ids, setIds] = useState("");
  const [duration, setDuration] = useState("");
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clientIds = splitIds(ids);
    if (clientIds.length === 0) return;
    props.onAdd({ clientIds, durationSeconds: duration ? Number(duration) : undefined, reason: reason.trim() || undefined }, () => (setIds(""), setReason("")));
  };
  return (
    <Card aria-labelledby={props.id} className="overflow-hidden">
      <CardHeader titleId={props.id} title={props.title} description={props.description} />
      {props.mayEdit && (
        <form onSubmit={submit} className="flex flex-wrap gap-2 border-b border-slate-100 px-5 py-3">
          <Input aria-label={t.moderation.clientIds} placeholder={t.moderation.clientIds} value={ids} onChange={(e) => setIds(e.target.value)} className="min-w-40 flex-1" />
          <Select aria-label={t.moderation.duration} value={duration} onChange={(e) => setDuration(e.target.value)} className="w-36">
            {DURATIONS.map(([v, k]) => (
              <option key={v} value={v}>
                {t.moderation[k]}
              </option>
            ))}
          </Select>
          <Input aria-label={t.moderation.reason} placeholder={t.moderation.reason} value={reason} onChange={(e) => setReason(e.target.value)} className="min-w-40 flex-1" maxLength={1000} />
          <Button type="submit" variant={props.danger ? "danger" : undefined} loading={props.adding} disabled={!ids.trim()}>
            {props.addLabel}
          </Button>
        </form>
      )}
      <Table label={props.title}>
        <THead>
          <tr>
            <Th>{t.moderation.columnClient}</Th>
            <Th>{t.moderation.columnReason}</Th>
            <Th>{t.moderation.columnBy}</Th>
            <Th>{t.moderation.columnSince}</Th>
            <Th>{t.moderation.columnExpires}</Th>
            {props.mayEdit && <Th><span className="sr-only">{t.common.actions}</span></Th>}
          </tr>
        </THead>
        <TBody>
          {props.rows?.length === 0 && (
            <TableEmpty colSpan={6}>
              <p className="py-6 text-center text-sm text-slate-400">{props.empty}</p>
            </TableEmpty>
          )}
          {props.rows?.map((r) => (
            <Tr key={r.clientId}>
              <Td className="font-mono text-xs">{r.clientId}</Td>
              <Td>{r.reason ?? t.common.notAvailable}</Td>
              <Td className="font-mono text-xs">{r.by}</Td>
              <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(r.createdAt)}</Td>
              <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(r.expiresAt) ?? t.moderation.never}</Td>
              {props.mayEdit && (
                <Td className="text-right">
                  <Button variant="ghost" size="sm" loading={props.removing === r.clientId} onClick={() => props.onRemove(r.clientId)}>
                    {props.removeLabel}
                  </Button>
                </Td>
              )}
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

/** Silenced and blocked lists: add (with optional expiry and a reason) and remove. */
export function ModerationPanel({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useConsole();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.conversation.moderation.queryOptions({ appId, conversationId }));
  const [result, setResult] = useState<string | null>(null);
  const done = { onSuccess: (r: Parameters<typeof batchText>[1]) => (setResult(batchText(t, r)), void queryClient.invalidateQueries({ queryKey: trpc.conversation.pathKey() })) };
  const silence = useMutation(trpc.conversation.silence.add.mutationOptions(done));
  const unsilence = useMutation(trpc.conversation.silence.remove.mutationOptions(done));
  const block = useMutation(trpc.conversation.block.add.mutationOptions(done));
  const unblock = useMutation(trpc.conversation.block.remove.mutationOptions(done));
  const error = silence.error ?? unsilence.error ?? block.error ?? unblock.error;
  const mayEdit = can("moderator");
  const removing = (m: typeof unsilence) => (m.isPending ? (m.variables?.clientIds[0] ?? null) : null);

  return (
    <div className="space-y-6">
      {(result || error) && (error ? <Notice tone="error">{errorText(t, error)}</Notice> : <Notice tone="success">{result}</Notice>)}
      <ModerationList
        id="silenced-title"
        title={t.moderation.silencedTitle}
        description={t.moderation.silencedDescription}
        empty={t.moderation.emptySilenced}
        addLabel={t.moderation.silence}
        removeLabel={t.moderation.lift}
        rows={list.data?.silences}
        mayEdit={mayEdit}
        adding={silence.isPending}
        removing={removing(unsilence)}
        onAdd={(input, reset) => silence.mutate({ appId, conversationId, ...input }, { onSettled: reset })}
        onRemove={(clientId) => unsilence.mutate({ appId, conversationId, clientIds: [clientId] })}
      />
      <ModerationList
        id="blocked-title"
        title={t.moderation.blockedTitle}
        description={t.moderation.blockedDescription}
        empty={t.moderation.emptyBlocked}
        addLabel={t.moderation.block}
        removeLabel={t.moderation.unblock}
        danger
        rows={list.data?.blocks}
        mayEdit={mayEdit}
        adding={block.isPending}
        removing={removing(unblock)}
        onAdd={(input, reset) => block.mutate({ appId, conversationId, ...input }, { onSettled: reset })}
        onRemove={(clientId) => unblock.mutate({ appId, conversationId, clientIds: [clientId] })}
      />
    </div>
  );
}
