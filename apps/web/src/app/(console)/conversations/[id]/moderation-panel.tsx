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

/** Silenced and blocked lists: add (with expiry for silences, and a reason) and remove. */
export function ModerationPanel({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.conversation.moderation.queryOptions({ appId, conversationId }));
  const [result, setResult] = useState<string | null>(null);
  const [silenceIds, setSilenceIds] = useState("");
  const [silenceFor, setSilenceFor] = useState("");
  const [silenceReason, setSilenceReason] = useState("");
  const [blockIds, setBlockIds] = useState("");
  const [blockFor, setBlockFor] = useState("");
  const [blockReason, setBlockReason] = useState("");
  const done = { onSuccess: (r: Parameters<typeof batchText>[1]) => (setResult(batchText(t, r)), void queryClient.invalidateQueries({ queryKey: trpc.conversation.pathKey() })) };
  const silence = useMutation(trpc.conversation.silence.add.mutationOptions({ ...done, onSettled: () => (setSilenceIds(""), setSilenceReason("")) }));
  const unsilence = useMutation(trpc.conversation.silence.remove.mutationOptions(done));
  const block = useMutation(trpc.conversation.block.add.mutationOptions({ ...done, onSettled: () => (setBlockIds(""), setBlockReason("")) }));
  const unblock = useMutation(trpc.conversation.block.remove.mutationOptions(done));
  const error = silence.error ?? unsilence.error ?? block.error ?? unblock.error;
  const mayEdit = can("moderator");

  const submitSilence = (event: FormEvent) => {
    event.preventDefault();
    const clientIds = splitIds(silenceIds);
    if (clientIds.length === 0) return;
    silence.mutate({ appId, conversationId, clientIds, durationSeconds: silenceFor ? Number(silenceFor) : undefined, reason: silenceReason.trim() || undefined });
  };
  const submitBlock = (event: FormEvent) => {
    event.preventDefault();
    const clientIds = splitIds(blockIds);
    if (clientIds.length > 0) block.mutate({ appId, conversationId, clientIds, durationSeconds: blockFor ? Number(blockFor) : undefined, reason: blockReason.trim() || undefined });
  };

  return (
    <div className="space-y-6">
      {(result || error) && (error ? <Notice tone="error">{errorText(t, error)}</Notice> : <Notice tone="success">{result}</Notice>)}
      <Card aria-labelledby="silenced-title" className="overflow-hidden">
        <CardHeader titleId="silenced-title" title={t.moderation.silencedTitle} description={t.moderation.silencedDescription} />
        {mayEdit && (
          <form onSubmit={submitSilence} className="flex flex-wrap gap-2 border-b border-slate-100 px-5 py-3">
            <Input aria-label={t.moderation.clientIds} placeholder={t.moderation.clientIds} value={silenceIds} onChange={(e) => setSilenceIds(e.target.value)} className="min-w-40 flex-1" />
            <Select aria-label={t.moderation.duration} value={silenceFor} onChange={(e) => setSilenceFor(e.target.value)} className="w-36">
              {DURATIONS.map(([v, k]) => (
                <option key={v} value={v}>
                  {t.moderation[k]}
                </option>
              ))}
            </Select>
            <Input aria-label={t.moderation.reason} placeholder={t.moderation.reason} value={silenceReason} onChange={(e) => setSilenceReason(e.target.value)} className="min-w-40 flex-1" maxLength={1000} />
            <Button type="submit" loading={silence.isPending} disabled={!silenceIds.trim()}>
              {t.moderation.silence}
            </Button>
          </form>
        )}
        <Table label={t.moderation.silencedTitle}>
          <THead>
            <tr>
              <Th>{t.moderation.columnClient}</Th>
              <Th>{t.moderation.columnReason}</Th>
              <Th>{t.moderation.columnBy}</Th>
              <Th>{t.moderation.columnSince}</Th>
              <Th>{t.moderation.columnExpires}</Th>
              {mayEdit && <Th><span className="sr-only">{t.common.actions}</span></Th>}
            </tr>
          </THead>
          <TBody>
            {list.data?.silences.length === 0 && (
              <TableEmpty colSpan={6}>
                <p className="py-6 text-center text-sm text-slate-400">{t.moderation.emptySilenced}</p>
              </TableEmpty>
            )}
            {list.data?.silences.map((s) => (
              <Tr key={s.clientId}>
                <Td className="font-mono text-xs">{s.clientId}</Td>
                <Td>{s.reason ?? t.common.notAvailable}</Td>
                <Td className="font-mono text-xs">{s.by}</Td>
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(s.createdAt)}</Td>
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(s.expiresAt) ?? t.moderation.never}</Td>
                {mayEdit && (
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" loading={unsilence.isPending && unsilence.variables?.clientIds[0] === s.clientId} onClick={() => unsilence.mutate({ appId, conversationId, clientIds: [s.clientId] })}>
                      {t.moderation.lift}
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>

      <Card aria-labelledby="blocked-title" className="overflow-hidden">
        <CardHeader titleId="blocked-title" title={t.moderation.blockedTitle} description={t.moderation.blockedDescription} />
        {mayEdit && (
          <form onSubmit={submitBlock} className="flex flex-wrap gap-2 border-b border-slate-100 px-5 py-3">
            <Input aria-label={t.moderation.clientIds} placeholder={t.moderation.clientIds} value={blockIds} onChange={(e) => setBlockIds(e.target.value)} className="min-w-40 flex-1" />
            <Select aria-label={t.moderation.duration} value={blockFor} onChange={(e) => setBlockFor(e.target.value)} className="w-36">
              {DURATIONS.map(([v, k]) => (
                <option key={v} value={v}>
                  {t.moderation[k]}
                </option>
              ))}
            </Select>
            <Input aria-label={t.moderation.reason} placeholder={t.moderation.reason} value={blockReason} onChange={(e) => setBlockReason(e.target.value)} className="min-w-40 flex-1" maxLength={1000} />
            <Button type="submit" variant="danger" loading={block.isPending} disabled={!blockIds.trim()}>
              {t.moderation.block}
            </Button>
          </form>
        )}
        <Table label={t.moderation.blockedTitle}>
          <THead>
            <tr>
              <Th>{t.moderation.columnClient}</Th>
              <Th>{t.moderation.columnReason}</Th>
              <Th>{t.moderation.columnBy}</Th>
              <Th>{t.moderation.columnSince}</Th>
              <Th>{t.moderation.columnExpires}</Th>
              {mayEdit && <Th><span className="sr-only">{t.common.actions}</span></Th>}
            </tr>
          </THead>
          <TBody>
            {list.data?.blocks.length === 0 && (
              <TableEmpty colSpan={6}>
                <p className="py-6 text-center text-sm text-slate-400">{t.moderation.emptyBlocked}</p>
              </TableEmpty>
            )}
            {list.data?.blocks.map((b) => (
              <Tr key={b.clientId}>
                <Td className="font-mono text-xs">{b.clientId}</Td>
                <Td>{b.reason ?? t.common.notAvailable}</Td>
                <Td className="font-mono text-xs">{b.by}</Td>
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(b.createdAt)}</Td>
                <Td className="whitespace-nowrap text-slate-500">{fmt.dateTime(b.expiresAt) ?? t.moderation.never}</Td>
                {mayEdit && (
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" onClick={() => unblock.mutate({ appId, conversationId, clientIds: [b.clientId] })}>
                      {t.moderation.unblock}
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}
