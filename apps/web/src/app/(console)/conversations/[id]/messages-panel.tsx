"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, fromLocalInput, useFormat } from "~/components/console/format";
import { Badge, Button, Card, CardHeader, Dialog, Field, Input, Labeled, Notice, Select, Textarea } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import type { RouterInputs } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";
import { TypedContent, type MessageItem } from "./message-content";

type HistoryInput = RouterInputs["message"]["history"];
const TYPES = [
  ["-1", "text"],
  ["-2", "image"],
  ["-3", "audio"],
  ["-4", "video"],
  ["-5", "location"],
  ["-6", "file"],
  ["-127", "recalled"],
] as const;

function Revisions({ appId, conversationId, messageId, onClose }: { appId: string; conversationId: string; messageId: string; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const revisions = useQuery(trpc.message.revisions.queryOptions({ appId, conversationId, messageId }));
  return (
    <Dialog open onClose={onClose} title={t.messages.revisionsTitle} className="max-w-2xl" footer={<Button variant="secondary" onClick={onClose}>{t.common.close}</Button>}>
      {revisions.error && <Notice tone="error">{errorText(t, revisions.error)}</Notice>}
      {revisions.data?.length === 0 && <p className="text-sm text-slate-500">{t.messages.noRevisions}</p>}
      <ol className="space-y-3">
        {revisions.data?.map((r, i) => (
          <li key={i} className="rounded-lg p-3 ring-1 ring-slate-200">
            <p className="text-xs text-slate-500">
              {format(t.messages.revisionEntry, { kind: t.messages.revisionKind[r.kind], time: fmt.dateTime(r.replacedAt) ?? "", by: r.replacedBy })}
              {r.reason && <> · {format(t.messages.revisionReason, { reason: r.reason })}</>}
            </p>
            <div className="mt-2">
              <TypedContent content={r.text !== null ? { kind: "text", text: r.text } : { kind: "binary", base64: r.binaryBase64 ?? "" }} />
            </div>
          </li>
        ))}
      </ol>
    </Dialog>
  );
}

function PatchDialog({ appId, conversationId, message, mode, onClose }: { appId: string; conversationId: string; message: MessageItem; mode: "recall" | "edit"; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [text, setText] = useState(message.content.kind === "text" ? message.content.text : "");
  const recall = useMutation(trpc.message.recall.mutationOptions({ onSuccess: onClose }));
  const edit = useMutation(trpc.message.edit.mutationOptions({ onSuccess: onClose }));
  const pending = recall.isPending || edit.isPending;
  const error = recall.error ?? edit.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    if (mode === "recall") recall.mutate({ appId, conversationId, messageId: message.id, reason });
    else edit.mutate({ appId, conversationId, messageId: message.id, text, reason });
  };
  return (
    <Dialog open onClose={onClose} title={mode === "recall" ? t.messages.recallTitle : t.messages.editTitle} description={mode === "recall" ? t.messages.recallBody : t.messages.editBody} className="max-w-lg">
      <form onSubmit={submit} className="space-y-4">
        {mode === "edit" && (
          <Labeled label={t.messages.content}>{(id) => <Textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={5} required />}</Labeled>
        )}
        <Field label={t.messages.reason} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
        {error && <Notice tone="error">{errorText(t, error)}</Notice>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button type="submit" variant={mode === "recall" ? "danger" : "primary"} loading={pending} disabled={!reason.trim()}>
            {mode === "recall" ? t.messages.confirmRecall : t.messages.confirmEdit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * "Send as system": a TextMessage or raw content. In a service conversation, a broadcast,
 * or a message to `toClients` only. With `confirmCount`, sending asks first, naming the count.
 */
export function Composer({
  appId,
  conversationId,
  confirmCount,
  confirmBody,
  toClients,
}: {
  appId: string;
  conversationId: string;
  confirmCount?: number;
  confirmBody?: string;
  /** Chosen recipients (service conversations); an empty list cannot be sent to. */
  toClients?: string[];
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [messageFormat, setMessageFormat] = useState<"text" | "raw">("text");
  const [confirming, setConfirming] = useState(false);
  const post = useMutation(trpc.message.post.mutationOptions({ onSuccess: () => (setText(""), setConfirming(false)) }));
  const send = () => post.mutate({ appId, conversationId, message: { format: messageFormat, text }, ...(toClients && { toClients }) });
  const noRecipients = toClients !== undefined && toClients.length === 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || noRecipients) return;
    if (confirmCount !== undefined) setConfirming(true);
    else send();
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <Labeled label={t.messages.compose}>{(id) => <Textarea id={id} value={text} onChange={(e) => setText(e.target.value)} placeholder={t.messages.composePlaceholder} rows={3} className="font-sans" />}</Labeled>
      <div className="flex flex-wrap items-center gap-2">
        <Select aria-label={t.messages.composeFormat} value={messageFormat} onChange={(e) => setMessageFormat(e.target.value as "text" | "raw")} className="w-56">
          <option value="text">{t.messages.formatText}</option>
          <option value="raw">{t.messages.formatRaw}</option>
        </Select>
        <Button type="submit" loading={post.isPending} disabled={!text.trim() || noRecipients}>
          {post.isPending ? t.messages.sending : t.messages.send}
        </Button>
      </div>
      {post.error && <Notice tone="error">{errorText(t, post.error)}</Notice>}
      {post.data && <Notice tone="success">{fmt.count(t.messages.sent, post.data.recipients)}</Notice>}
      {confirmCount !== undefined && (
        <Dialog
          open={confirming}
          onClose={() => setConfirming(false)}
          title={fmt.count(t.serviceConversations.confirmTitle, confirmCount)}
          description={confirmBody ?? t.serviceConversations.confirmBody}
          footer={
            <>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t.common.cancel}
              </Button>
              <Button loading={post.isPending} onClick={send}>
                {t.messages.send}
              </Button>
            </>
          }
        />
      )}
    </form>
  );
}

/** History with every query option, typed rendering, recall/edit with a reason, revisions (admins), receipts. */
export function MessagesPanel({ appId, conversationId }: { appId: string; conversationId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const { can } = useConsole();
  const [form, setForm] = useState({ direction: "old" as "old" | "new", from: "", to: "", type: "", customType: "", sender: "", limit: "50" });
  const [query, setQuery] = useState<Omit<HistoryInput, "appId" | "conversationId">>({ direction: "old", limit: 50 });
  const [patching, setPatching] = useState<{ message: MessageItem; mode: "recall" | "edit" } | null>(null);
  const [revisionsOf, setRevisionsOf] = useState<string | null>(null);
  const history = useQuery(trpc.message.history.queryOptions({ appId, conversationId, ...query }));
  const items = history.data?.items ?? [];
  const shown = query.direction === "old" ? [...items].reverse() : items;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = fromLocalInput(form.from)?.getTime();
    const to = fromLocalInput(form.to)?.getTime();
    const lcType = form.type === "custom" ? Number(form.customType) : form.type ? Number(form.type) : undefined;
    // "old" walks back from `to` (A) towards `from` (B); "new" walks forward from `from` to `to`.
    const [a, b] = form.direction === "old" ? [to, from] : [from, to];
    setQuery({
      direction: form.direction,
      limit: Number(form.limit) || 50,
      ...(a !== undefined && { start: { timestamp: a, inclusive: true } }),
      ...(b !== undefined && { end: { timestamp: b, inclusive: true } }),
      ...(lcType !== undefined && Number.isInteger(lcType) && { lcType }),
      ...(form.sender.trim() && { from: form.sender.trim() }),
    });
  };
  const page = (direction: "old" | "new") => {
    const edge = direction === "old" ? items[0] : items[items.length - 1];
    if (!edge) return;
    setQuery((q) => ({ ...q, direction, start: { timestamp: edge.timestamp, messageId: edge.id, inclusive: false }, end: undefined }));
  };
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  return (
    <div className="space-y-6">
      <Card aria-labelledby="messages-title">
        <CardHeader titleId="messages-title" title={t.messages.title} description={t.messages.description} />
        <form onSubmit={submit} className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-4">
          <Labeled label={t.messages.direction}>
            {(id) => (
              <Select id={id} value={form.direction} onChange={set("direction")}>
                <option value="old">{t.messages.directionOld}</option>
                <option value="new">{t.messages.directionNew}</option>
              </Select>
            )}
          </Labeled>
          <Labeled label={t.messages.from}>{(id) => <Input id={id} type="datetime-local" value={form.from} onChange={set("from")} />}</Labeled>
          <Labeled label={t.messages.to}>{(id) => <Input id={id} type="datetime-local" value={form.to} onChange={set("to")} />}</Labeled>
          <Labeled label={t.messages.sender}>{(id) => <Input id={id} value={form.sender} onChange={set("sender")} />}</Labeled>
          <Labeled label={t.messages.type}>
            {(id) => (
              <Select id={id} value={form.type} onChange={set("type")}>
                <option value="">{t.messages.anyType}</option>
                {TYPES.map(([v, k]) => (
                  <option key={v} value={v}>
                    {t.messages.types[k]} ({v})
                  </option>
                ))}
                <option value="custom">{t.messages.customType}</option>
              </Select>
            )}
          </Labeled>
          {form.type === "custom" && <Labeled label={t.messages.customType}>{(id) => <Input id={id} type="number" step={1} value={form.customType} onChange={set("customType")} />}</Labeled>}
          <Labeled label={t.messages.limit}>
            {(id) => (
              <Select id={id} value={form.limit} onChange={set("limit")}>
                {["20", "50", "100", "200"].map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </Select>
            )}
          </Labeled>
          <div className="flex items-end gap-2">
            <Button type="submit">{t.messages.search}</Button>
          </div>
        </form>
        {can("moderator") && (
          <div className="border-b border-slate-100 p-4">
            <Composer appId={appId} conversationId={conversationId} />
          </div>
        )}
        {history.error && <div className="p-4"><Notice tone="error">{errorText(t, history.error)}</Notice></div>}
        <ol className="divide-y divide-slate-100" aria-live="polite">
          {shown.length === 0 && <li className="p-8 text-center text-sm text-slate-400">{history.isPending ? t.common.loading : t.messages.empty}</li>}
          {shown.map((m) => (
            <li key={m.id} className="flex flex-col gap-2 px-5 py-4 sm:flex-row sm:items-start">
              <div className="w-48 shrink-0 text-xs text-slate-500">
                <p className="font-mono text-slate-700">{m.from}</p>
                <p>{fmt.dateTime(m.timestamp)}</p>
                <p className="truncate font-mono text-[11px] text-slate-400">{m.id}</p>
              </div>
              <div className="min-w-0 flex-1 space-y-2">
                <TypedContent content={m.content} />
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  {m.recalled && <Badge tone="danger">{t.messages.recalled}</Badge>}
                  {!m.recalled && m.patchTimestamp && <Badge tone="warning">{t.messages.edited}</Badge>}
                  {m.visibleTo && (
                    <Badge>
                      <span title={m.visibleTo.length > 3 ? m.visibleTo.join(", ") : undefined}>
                        {m.visibleTo.length > 3 ? fmt.count(t.messages.visibleToMany, m.visibleTo.length) : format(t.messages.visibleTo, { client: m.visibleTo.join(", ") })}
                      </span>
                    </Badge>
                  )}
                  {(m.mentionAll || m.mentionPids.length > 0) && (
                    <span>{format(t.messages.mentions, { who: [...(m.mentionAll ? [t.messages.mentionAll] : []), ...m.mentionPids].join(", ") })}</span>
                  )}
                  <span>{m.receipts ? format(t.messages.receipts, m.receipts) : t.messages.receiptsNone}</span>
                </div>
              </div>
              <div className="flex shrink-0 gap-1">
                {can("moderator") && !m.recalled && (
                  <>
                    <Button variant="ghost" size="sm" onClick={() => setPatching({ message: m, mode: "edit" })}>
                      {t.messages.edit}
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setPatching({ message: m, mode: "recall" })}>
                      {t.messages.recall}
                    </Button>
                  </>
                )}
                {can("admin") && m.patchTimestamp && (
                  <Button variant="ghost" size="sm" onClick={() => setRevisionsOf(m.id)}>
                    {t.messages.revisions}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ol>
        {items.length > 0 && (
          <div className="flex justify-between border-t border-slate-100 p-3">
            <Button variant="secondary" size="sm" onClick={() => page("old")}>
              ← {t.messages.older}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => page("new")}>
              {t.messages.newer} →
            </Button>
          </div>
        )}
      </Card>
      {patching && <PatchDialog appId={appId} conversationId={conversationId} message={patching.message} mode={patching.mode} onClose={() => setPatching(null)} />}
      {revisionsOf && <Revisions appId={appId} conversationId={conversationId} messageId={revisionsOf} onClose={() => setRevisionsOf(null)} />}
    </div>
  );
}
