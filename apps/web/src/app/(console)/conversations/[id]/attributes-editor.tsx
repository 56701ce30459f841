"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { errorText, useFormat } from "~/components/console/format";
import { Badge, Button, Card, CardBody, CardHeader, Input, Labeled, Notice, Select, Textarea } from "~/components/ui";
import { format, type Messages } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { cn } from "~/lib/cn";
import { useTRPC } from "~/trpc/client";
import { diffRaw, flatten, kindOf, parseValue, pathProblem, textOf, toEdits, type Change, type Json, type ValueKind } from "./attributes";

const KINDS: ValueKind[] = ["string", "number", "boolean", "null", "json"];

type Problem = { kind: string; key?: string; line?: number | null; column?: number | null };

/** One sentence for a path, value or raw JSON problem. */
function problemText(t: Messages, p: Problem): string {
  const m = t.conversation.attributeProblems;
  switch (p.kind) {
    case "json":
      return p.line ? format(m.jsonAt, { line: p.line, column: p.column ?? 1 }) : m.json;
    case "reserved":
      return format(m.reserved, { key: p.key ?? "" });
    case "dottedKey":
      return format(m.dottedKey, { key: p.key ?? "" });
    case "empty":
    case "segment":
    case "tooLong":
    case "number":
    case "boolean":
    case "nameNotText":
    case "notObject":
      return m[p.kind];
    default:
      return m.json;
  }
}

/** A value as shown in the tree: strings as written, everything else as JSON, typed by colour. */
function ValueText({ value }: { value: Json }) {
  if (typeof value === "string") return <span className="break-all text-slate-900">{value === "" ? <span className="text-slate-400 italic">""</span> : value}</span>;
  const tone = typeof value === "number" ? "text-sky-700" : typeof value === "boolean" ? "text-violet-700" : value === null ? "text-slate-400 italic" : "text-slate-700";
  const text = JSON.stringify(value);
  return (
    <span className={cn("font-mono text-xs break-all", tone)} title={text.length > 120 ? JSON.stringify(value, null, 2) : undefined}>
      {text.length > 120 ? `${text.slice(0, 117)}…` : text}
    </span>
  );
}

function Tree({ attributes, pending, onEdit, onRemove }: { attributes: Record<string, Json>; pending: Map<string, Change>; onEdit?: (path: string, value: Json) => void; onRemove?: (path: string) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const rows = flatten(attributes);
  const a = t.conversation.attributeEditor;
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="w-full border-collapse text-left text-sm" aria-label={t.conversation.attributesTitle}>
        <thead className="bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              {a.columnKey}
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              {a.columnValue}
            </th>
            {onEdit && (
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t.common.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const change = pending.get(row.path);
            return (
              <tr key={row.path} className={cn(change?.op === "delete" && "bg-red-50/50", change?.op === "set" && "bg-amber-50/50")}>
                <td className="px-3 py-2 align-top whitespace-nowrap">
                  <span className="font-mono text-xs text-slate-800" style={{ paddingLeft: `${row.depth * 1.25}rem` }}>
                    {row.depth > 0 && <span aria-hidden="true" className="mr-1 text-slate-300">└</span>}
                    <span className={cn(row.branch && "font-semibold")}>{row.key}</span>
                  </span>
                  {change && (
                    <Badge tone={change.op === "delete" ? "danger" : "warning"} className="ml-2">
                      {change.op === "delete" ? a.markedRemoved : a.markedChanged}
                    </Badge>
                  )}
                </td>
                <td className="px-3 py-2 align-top">
                  {row.branch ? <span className="text-xs text-slate-400">{fmt.count(a.keys, Object.keys(row.value as object).length)}</span> : <ValueText value={row.value} />}
                </td>
                {onEdit && onRemove && (
                  <td className="px-3 py-1.5 text-right align-top whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => onEdit(row.path, row.value)} aria-label={format(a.editField, { path: row.path })}>
                      {a.edit}
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => onRemove(row.path)} aria-label={format(a.removeField, { path: row.path })}>
                      {a.remove}
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Path + typed value → a pending change, validated as typed. */
function FieldEditor({ draft, onAdd }: { draft: { path: string; value: Json; seq: number } | null; onAdd: (change: Change) => void }) {
  const { t } = useI18n();
  const a = t.conversation.attributeEditor;
  const [path, setPath] = useState("");
  const [kind, setKind] = useState<ValueKind>("string");
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<{ path?: Problem; value?: Problem }>({});
  const valueId = useId();
  const pathErrorId = useId();
  const valueErrorId = useId();

  // "Edit" on a row: load it here.
  useEffect(() => {
    if (!draft) return;
    setPath(draft.path);
    setKind(kindOf(draft.value));
    setText(textOf(draft.value));
    setProblems({});
    requestAnimationFrame(() => document.getElementById(valueId)?.focus());
  }, [draft, valueId]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const p = pathProblem(path.trim());
    const v = parseValue(kind, text, path.trim());
    setProblems({ ...(p && { path: p }), ...(!v.ok && { value: v.problem }) });
    if (p || !v.ok) return;
    onAdd({ path: path.trim(), op: "set", value: v.value });
    setPath("");
    setText("");
    setKind("string");
  };

  const valueProps = {
    id: valueId,
    "aria-invalid": problems.value ? true : undefined,
    "aria-describedby": problems.value ? valueErrorId : undefined,
  };
  return (
    <form onSubmit={add} className="space-y-3 rounded-lg bg-slate-50/70 p-4 ring-1 ring-slate-200" aria-label={a.editorTitle}>
      <h3 className="text-sm font-semibold text-slate-900">{a.editorTitle}</h3>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Labeled label={a.path} hint={a.pathHint}>
          {(id, hint) => (
            <>
              <Input
                id={id}
                value={path}
                onChange={(e) => setPath(e.target.value)}
                className="font-mono"
                placeholder="topic.lang"
                invalid={!!problems.path}
                aria-describedby={[hint, problems.path ? pathErrorId : null].filter(Boolean).join(" ") || undefined}
              />
              {problems.path && (
                <p id={pathErrorId} className="text-xs font-medium text-red-600">
                  {problemText(t, problems.path)}
                </p>
              )}
            </>
          )}
        </Labeled>
        <Labeled label={a.type}>
          {(id) => (
            <Select id={id} value={kind} onChange={(e) => (setKind(e.target.value as ValueKind), setProblems((p) => ({ path: p.path })), e.target.value === "boolean" && setText("true"))}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {a.types[k]}
                </option>
              ))}
            </Select>
          )}
        </Labeled>
      </div>
      {kind !== "null" && (
        <div className="space-y-1.5">
          <label htmlFor={valueId} className="block text-sm font-medium text-slate-700">
            {a.value}
          </label>
          {kind === "json" ? (
            <Textarea {...valueProps} value={text} onChange={(e) => setText(e.target.value)} rows={4} placeholder='{"lang": "en", "tags": ["a", "b"]}' className={cn(problems.value && "border-red-400")} />
          ) : kind === "boolean" ? (
            <Select {...valueProps} value={text === "false" ? "false" : "true"} onChange={(e) => setText(e.target.value)}>
              <option value="true">true</option>
              <option value="false">false</option>
            </Select>
          ) : (
            <Input {...valueProps} value={text} onChange={(e) => setText(e.target.value)} inputMode={kind === "number" ? "decimal" : undefined} invalid={!!problems.value} />
          )}
          {problems.value && (
            <p id={valueErrorId} className="text-xs font-medium text-red-600">
              {problemText(t, problems.value)}
            </p>
          )}
        </div>
      )}
      <Button type="submit" variant="secondary" size="sm">
        {a.addChange}
      </Button>
    </form>
  );
}

function RawEditor({ attributes, onApply, pending, error }: { attributes: Record<string, Json>; onApply: (edits: Record<string, Json>) => void; pending: boolean; error: unknown }) {
  const { t } = useI18n();
  const a = t.conversation.attributeEditor;
  const [text, setText] = useState(() => JSON.stringify(attributes, null, 2));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const errorId = useId();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const r = diffRaw(attributes, text);
    setProblem(r.ok ? null : r.problem);
    setUnchanged(r.ok && Object.keys(r.value).length === 0);
    if (r.ok && Object.keys(r.value).length > 0) onApply(r.value);
  };
  return (
    <form onSubmit={apply} className="space-y-3">
      <Labeled label={a.rawLabel} hint={a.rawHint}>
        {(id, hint) => (
          <Textarea
            id={id}
            aria-describedby={[hint, problem ? errorId : null].filter(Boolean).join(" ") || undefined}
            aria-invalid={problem ? true : undefined}
            value={text}
            onChange={(e) => (setText(e.target.value), setUnchanged(false))}
            rows={Math.min(20, Math.max(6, text.split("\n").length + 1))}
            spellCheck={false}
            className={cn("text-xs", problem && "border-red-400")}
          />
        )}
      </Labeled>
      {problem && (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-600">
          {problemText(t, problem)}
        </p>
      )}
      {unchanged && <Notice>{a.noChanges}</Notice>}
      {error ? <Notice tone="error">{errorText(t, error)}</Notice> : null}
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          {pending ? t.conversation.applying : a.rawApply}
        </Button>
        <Button variant="secondary" onClick={() => (setText(JSON.stringify(attributes, null, 2)), setProblem(null), setUnchanged(false))}>
          {a.discard}
        </Button>
      </div>
    </form>
  );
}

/**
 * The conversation's name and custom attributes as a tree of fields, edited by dotted
 * path with a typed value (changes are collected, then applied in one update), or as
 * raw JSON. Every update goes through core's rules and notifies the members.
 */
export function AttributesCard({ appId, conversationId, attributes, editable }: { appId: string; conversationId: string; attributes: Record<string, Json>; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const a = t.conversation.attributeEditor;
  const [mode, setMode] = useState<"fields" | "raw">("fields");
  const [changes, setChanges] = useState<Change[]>([]);
  const [draft, setDraft] = useState<{ path: string; value: Json; seq: number } | null>(null);
  const update = useMutation(
    trpc.conversation.update.mutationOptions({
      onSuccess: () => {
        setChanges([]);
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.get.queryKey({ appId, conversationId }) });
      },
    }),
  );
  const pending = new Map(changes.map((c) => [c.path, c]));
  const addChange = (change: Change) => (update.reset(), setChanges((cs) => [...cs.filter((c) => c.path !== change.path), change]));
  const apply = (edits: Record<string, Json>) => update.mutate({ appId, conversationId, attributes: edits as Record<string, never> });
  const empty = Object.keys(attributes).length === 0;

  return (
    <Card aria-labelledby="attributes-title">
      <CardHeader
        titleId="attributes-title"
        title={t.conversation.attributesTitle}
        description={t.conversation.attributesDescription}
        actions={
          <div role="group" aria-label={a.viewLabel} className="inline-flex rounded-lg bg-slate-100 p-0.5">
            {(["fields", "raw"] as const).map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={mode === m}
                onClick={() => (setMode(m), update.reset())}
                className={cn(
                  "rounded-md px-2.5 py-1 text-xs font-medium focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none",
                  mode === m ? "bg-white text-slate-900 shadow-xs" : "text-slate-500 hover:text-slate-800",
                )}
              >
                {m === "fields" ? a.viewFields : a.viewRaw}
              </button>
            ))}
          </div>
        }
      />
      <CardBody className="space-y-4">
        {update.isSuccess && <Notice tone="success">{t.conversation.updatedOk}</Notice>}
        {mode === "raw" ? (
          editable ? (
            <RawEditor key={JSON.stringify(attributes)} attributes={attributes} onApply={apply} pending={update.isPending} error={update.error} />
          ) : (
            <pre className="max-h-96 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">{JSON.stringify(attributes, null, 2)}</pre>
          )
        ) : (
          <>
            {empty ? (
              <p className="text-sm text-slate-400">{t.conversation.noAttributes}</p>
            ) : (
              <Tree
                attributes={attributes}
                pending={pending}
                {...(editable && {
                  onEdit: (path: string, value: Json) => setDraft((d) => ({ path, value, seq: (d?.seq ?? 0) + 1 })),
                  onRemove: (path: string) => addChange({ path, op: "delete" }),
                })}
              />
            )}
            {editable && (
              <div className="grid gap-4 lg:grid-cols-2">
                <FieldEditor draft={draft} onAdd={addChange} />
                <section aria-labelledby="pending-title" className="space-y-3 rounded-lg p-4 ring-1 ring-slate-200">
                  <h3 id="pending-title" className="text-sm font-semibold text-slate-900">
                    {a.pendingTitle}
                  </h3>
                  {changes.length === 0 ? (
                    <p className="text-sm text-slate-400">{a.pendingEmpty}</p>
                  ) : (
                    <ul className="divide-y divide-slate-100 text-sm">
                      {changes.map((c) => (
                        <li key={c.path} className="flex items-start justify-between gap-3 py-1.5">
                          <span className="min-w-0 break-all">
                            <code className="font-mono text-xs font-semibold text-slate-900">{c.path}</code>{" "}
                            {c.op === "delete" ? (
                              <Badge tone="danger">{a.remove}</Badge>
                            ) : (
                              <>
                                <span className="text-slate-400">{a.setTo}</span> <ValueText value={c.value} />
                              </>
                            )}
                          </span>
                          <Button variant="ghost" size="sm" onClick={() => setChanges((cs) => cs.filter((x) => x.path !== c.path))} aria-label={format(a.undoField, { path: c.path })}>
                            {a.undo}
                          </Button>
                        </li>
                      ))}
                    </ul>
                  )}
                  {update.error && <Notice tone="error">{errorText(t, update.error)}</Notice>}
                  <div className="flex flex-wrap gap-2">
                    <Button onClick={() => apply(toEdits(changes))} loading={update.isPending} disabled={changes.length === 0}>
                      {update.isPending ? t.conversation.applying : fmt.count(a.apply, changes.length)}
                    </Button>
                    {changes.length > 0 && (
                      <Button variant="secondary" onClick={() => setChanges([])}>
                        {a.discard}
                      </Button>
                    )}
                  </div>
                </section>
              </div>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}
