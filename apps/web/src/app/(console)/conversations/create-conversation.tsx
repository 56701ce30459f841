"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText, splitIds } from "~/components/console/format";
import { Button, Dialog, Field, Labeled, Notice, Select, Textarea } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { KINDS } from "./conversation-list";

type Kind = (typeof KINDS)[number];

/** "New conversation" (moderators and admins). `kind` fixes the type (service conversations page). */
export function CreateConversationButton({ appId, kind: fixedKind, basePath = "/conversations" }: { appId: string; kind?: Kind; basePath?: string }) {
  const { t } = useI18n();
  const { can } = useConsole();
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(fixedKind ?? "normal");
  const [name, setName] = useState("");
  const [members, setMembers] = useState("");
  const [attributes, setAttributes] = useState("{}");
  const [ttl, setTtl] = useState("");
  const [jsonError, setJsonError] = useState(false);
  const create = useMutation(
    trpc.conversation.create.mutationOptions({
      onSuccess: (r) => {
        setOpen(false);
        router.push(`${basePath}/${encodeURIComponent(r.id)}`);
      },
    }),
  );
  if (!can("moderator")) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let attrs: Record<string, unknown>;
    try {
      attrs = JSON.parse(attributes || "{}") as Record<string, unknown>;
      if (typeof attrs !== "object" || attrs === null || Array.isArray(attrs)) throw new Error("not an object");
    } catch {
      setJsonError(true);
      return;
    }
    setJsonError(false);
    create.mutate({
      appId,
      kind,
      name: name.trim() || undefined,
      members: splitIds(members),
      attributes: attrs as Record<string, never>,
      ttlSeconds: kind === "temporary" && ttl ? Number(ttl) : undefined,
    });
  };

  const label = fixedKind === "service" ? t.serviceConversations.create : t.conversations.create;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{label}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={label} className="max-w-lg">
        <form onSubmit={submit} className="space-y-4">
          {!fixedKind && (
            <Labeled label={t.conversations.fieldKind}>
              {(id) => (
                <Select id={id} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t.kinds[k]}
                    </option>
                  ))}
                </Select>
              )}
            </Labeled>
          )}
          <Field label={t.conversations.fieldName} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          {kind !== "chatroom" && (
            <Labeled label={t.conversations.fieldMembers} hint={t.conversations.fieldMembersHint}>
              {(id, hint) => <Textarea id={id} aria-describedby={hint} value={members} onChange={(e) => setMembers(e.target.value)} rows={3} />}
            </Labeled>
          )}
          {kind !== "temporary" && (
            <Labeled label={t.conversations.fieldAttributes}>
              {(id) => <Textarea id={id} value={attributes} onChange={(e) => setAttributes(e.target.value)} rows={3} aria-invalid={jsonError || undefined} />}
            </Labeled>
          )}
          {kind === "temporary" && <Field label={t.conversations.fieldTtl} type="number" min={60} value={ttl} onChange={(e) => setTtl(e.target.value)} />}
          {jsonError && <Notice tone="error">{t.conversations.invalidJson}</Notice>}
          {create.error && <Notice tone="error">{errorText(t, create.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {create.isPending ? t.conversations.creating : label}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
