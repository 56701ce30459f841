"use client";

import type { OperatorRole } from "@parley/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { OperatorsIcon } from "~/components/icons";
import { useConsole } from "~/components/console/console-context";
import { errorText, useFormat } from "~/components/console/format";
import { Badge, Button, Card, Dialog, EmptyState, Field, Labeled, Notice, Select, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import type { RouterOutputs } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";

const ROLES: OperatorRole[] = ["admin", "moderator", "viewer"];
const MIN_PASSWORD = 10;
type OperatorRow = RouterOutputs["operator"]["list"][number];

/** After an action that ended this browser's own session. */
const toSignIn = () => window.location.assign("/sign-in?signedOut=1");

/** Shows a generated password once, with a copy button. */
function PasswordOnce({ password, email, onClose }: { password: string | null; email: string; onClose: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      open={password !== null}
      onClose={onClose}
      title={t.operators.passwordOnceTitle}
      description={format(t.operators.passwordOnceBody, { email })}
      footer={<Button onClick={onClose}>{t.operators.passwordOnceDone}</Button>}
    >
      <div className="flex items-center gap-2">
        <code className="flex-1 rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-slate-200" data-testid="generated-password">
          {password}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            if (password) void navigator.clipboard?.writeText(password).then(() => setCopied(true));
          }}
        >
          {copied ? t.appSettings.copied : t.appSettings.copy}
        </Button>
      </div>
    </Dialog>
  );
}

/** "Generate one" or "Set one", with the length rule. */
function PasswordChoice({ mode, onMode, password, onPassword, name }: { mode: "generate" | "set"; onMode: (m: "generate" | "set") => void; password: string; onPassword: (p: string) => void; name: string }) {
  const { t } = useI18n();
  const short = mode === "set" && password.length > 0 && password.length < MIN_PASSWORD;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{t.operators.fieldPassword}</legend>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="radio" name={name} checked={mode === "generate"} onChange={() => onMode("generate")} className="accent-brand-600" />
        {t.operators.passwordGenerate}
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="radio" name={name} checked={mode === "set"} onChange={() => onMode("set")} className="accent-brand-600" />
        {t.operators.passwordSet}
      </label>
      {mode === "set" && (
        <Field
          label={t.operators.fieldNewPassword}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          required
          minLength={MIN_PASSWORD}
          maxLength={1024}
          hint={format(t.operators.passwordHint, { min: MIN_PASSWORD })}
          error={short ? format(t.operators.passwordTooShort, { min: MIN_PASSWORD }) : undefined}
        />
      )}
    </fieldset>
  );
}

export function CreateOperatorButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useConsole();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ email: "", name: "", role: "viewer" as OperatorRole, mode: "generate" as "generate" | "set", password: "" });
  const [shown, setShown] = useState<{ password: string; email: string } | null>(null);
  const create = useMutation(
    trpc.operator.create.mutationOptions({
      onSuccess: (r) => {
        setOpen(false);
        setForm({ email: "", name: "", role: "viewer", mode: "generate", password: "" });
        if (r.generatedPassword) setShown({ password: r.generatedPassword, email: r.operator.email });
        void queryClient.invalidateQueries({ queryKey: trpc.operator.pathKey() });
      },
    }),
  );
  if (!can("admin")) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.mode === "set" && form.password.length < MIN_PASSWORD) return;
    create.mutate({ email: form.email.trim(), name: form.name, role: form.role, ...(form.mode === "set" && { password: form.password }) });
  };
  return (
    <>
      <Button onClick={() => (create.reset(), setOpen(true))}>{t.operators.create}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t.operators.createTitle} description={t.operators.createDescription}>
        <form onSubmit={submit} className="space-y-4">
          <Field label={t.operators.fieldEmail} type="email" autoComplete="off" value={form.email} onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))} required maxLength={320} />
          <Field label={t.operators.fieldName} value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} required maxLength={200} />
          <Labeled label={t.operators.fieldRole} hint={t.operators.roleHint}>
            {(id, hint) => (
              <Select id={id} aria-describedby={hint} value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as OperatorRole }))}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.roles[r]}
                  </option>
                ))}
              </Select>
            )}
          </Labeled>
          <PasswordChoice name="create-password" mode={form.mode} onMode={(mode) => setForm((f) => ({ ...f, mode }))} password={form.password} onPassword={(password) => setForm((f) => ({ ...f, password }))} />
          {create.error && <Notice tone="error">{errorText(t, create.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {create.isPending ? t.operators.creating : t.operators.create}
            </Button>
          </div>
        </form>
      </Dialog>
      <PasswordOnce password={shown?.password ?? null} email={shown?.email ?? ""} onClose={() => setShown(null)} />
    </>
  );
}

function ResetPassword({ operator, onClose }: { operator: OperatorRow | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { operator: me } = useConsole();
  const [mode, setMode] = useState<"generate" | "set">("generate");
  const [password, setPassword] = useState("");
  const [shown, setShown] = useState<{ password: string; email: string } | null>(null);
  const reset = useMutation(
    trpc.operator.resetPassword.mutationOptions({
      onSuccess: (r) => {
        if (r.signedOut && !r.generatedPassword) return toSignIn();
        if (r.generatedPassword && operator) setShown({ password: r.generatedPassword, email: operator.email });
        setPassword("");
        onClose();
      },
    }),
  );
  const self = operator?.id === me.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!operator || (mode === "set" && password.length < MIN_PASSWORD)) return;
    reset.mutate({ operatorId: operator.id, ...(mode === "set" && { password }) });
  };
  return (
    <>
      <Dialog
        open={operator !== null}
        onClose={onClose}
        title={format(t.operators.resetTitle, { name: operator?.name ?? "" })}
        description={self ? t.operators.resetBodySelf : t.operators.resetBody}
      >
        <form onSubmit={submit} className="space-y-4">
          <PasswordChoice name="reset-password" mode={mode} onMode={setMode} password={password} onPassword={setPassword} />
          {reset.error && <Notice tone="error">{errorText(t, reset.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" variant="danger" loading={reset.isPending}>
              {t.operators.resetConfirm}
            </Button>
          </div>
        </form>
      </Dialog>
      <PasswordOnce
        password={shown?.password ?? null}
        email={shown?.email ?? ""}
        onClose={() => {
          setShown(null);
          if (reset.data?.signedOut) toSignIn();
        }}
      />
    </>
  );
}

export function OperatorsTable() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const { operator: me } = useConsole();
  const list = useQuery(trpc.operator.list.queryOptions());
  const [resetting, setResetting] = useState<OperatorRow | null>(null);
  const [disabling, setDisabling] = useState<OperatorRow | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.operator.pathKey() });
  const role = useMutation(trpc.operator.updateRole.mutationOptions({ onSuccess: (r) => (setResult(format(t.operators.roleChanged, { name: r.name, role: t.roles[r.role] })), refresh()), onError: refresh }));
  const disable = useMutation(
    trpc.operator.setDisabled.mutationOptions({
      onSuccess: (r) => {
        if (r.signedOut) return toSignIn();
        setDisabling(null);
        setResult(format(r.operator.disabled ? t.operators.disabledOk : t.operators.enabledOk, { name: r.operator.name }));
        refresh();
      },
    }),
  );
  const rows = list.data ?? [];
  const error = role.error ?? (disabling ? null : disable.error);

  return (
    <div className="space-y-4">
      {(result || error) && (error ? <Notice tone="error">{errorText(t, error)}</Notice> : <Notice tone="success">{result}</Notice>)}
      {list.error && <Notice tone="error">{errorText(t, list.error)}</Notice>}
      <Card className="overflow-hidden">
        <Table label={t.operators.title} className="[&_td]:px-3 [&_th]:px-3 [&_tr>*:first-child]:pl-5 [&_tr>*:last-child]:pr-5">
          <THead>
            <tr>
              <Th>{t.operators.columnOperator}</Th>
              <Th>{t.operators.columnRole}</Th>
              <Th>{t.operators.columnStatus}</Th>
              <Th>{t.operators.columnCreated}</Th>
              <Th>{t.operators.columnLastSignIn}</Th>
              <Th>
                <span className="sr-only">{t.common.actions}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {rows.length === 0 && (
              <TableEmpty colSpan={6}>
                {list.isPending ? <p className="py-12 text-center text-sm text-slate-400">{t.common.loading}</p> : <EmptyState icon={<OperatorsIcon />} title={t.operators.emptyTitle} />}
              </TableEmpty>
            )}
            {rows.map((o) => (
              <Tr key={o.id} className={o.disabled ? "bg-slate-50/60" : undefined}>
                <Td>
                  <span className="flex items-center gap-2 font-medium text-slate-900">
                    {o.name}
                    {o.id === me.id && <Badge tone="brand">{t.operators.you}</Badge>}
                  </span>
                  <span className="block text-xs text-slate-500">{o.email}</span>
                </Td>
                <Td>
                  <Select
                    aria-label={format(t.operators.roleOf, { name: o.name })}
                    value={o.role}
                    className="h-8 w-36"
                    disabled={role.isPending}
                    onChange={(e) => (setResult(null), role.mutate({ operatorId: o.id, role: e.target.value as OperatorRole }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t.roles[r]}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td>
                  {o.disabled ? <Badge tone="danger">{t.operators.statusDisabled}</Badge> : <Badge tone="success">{t.operators.statusActive}</Badge>}
                  {!o.disabled && <span className="mt-1 block text-xs text-slate-500">{fmt.count(t.operators.openSessions, o.openSessions)}</span>}
                </Td>
                <Td className="whitespace-nowrap text-slate-500" title={fmt.dateTime(o.createdAt) ?? undefined}>{fmt.compact(o.createdAt)}</Td>
                <Td className="whitespace-nowrap text-slate-500" title={fmt.dateTime(o.lastSignInAt) ?? undefined}>{fmt.compact(o.lastSignInAt) ?? t.operators.never}</Td>
                <Td className="text-right">
                  <div className="flex flex-col items-end gap-0.5 2xl:flex-row 2xl:justify-end">
                    <Button variant="ghost" size="sm" onClick={() => (setResult(null), setResetting(o))}>
                      {t.operators.resetPassword}
                    </Button>
                    {o.disabled ? (
                      <Button variant="ghost" size="sm" loading={disable.isPending && disable.variables?.operatorId === o.id} onClick={() => (setResult(null), disable.mutate({ operatorId: o.id, disabled: false }))}>
                        {t.operators.enable}
                      </Button>
                    ) : (
                      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => (setResult(null), disable.reset(), setDisabling(o))}>
                        {t.operators.disable}
                      </Button>
                    )}
                  </div>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <ResetPassword operator={resetting} onClose={() => setResetting(null)} />
      <Dialog
        open={disabling !== null}
        onClose={() => setDisabling(null)}
        title={format(t.operators.disableTitle, { name: disabling?.name ?? "" })}
        description={disabling?.id === me.id ? t.operators.disableBodySelf : t.operators.disableBody}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDisabling(null)}>
              {t.common.cancel}
            </Button>
            <Button variant="danger" loading={disable.isPending} onClick={() => disabling && disable.mutate({ operatorId: disabling.id, disabled: true })}>
              {t.operators.disableConfirm}
            </Button>
          </>
        }
      >
        {disable.error && <Notice tone="error">{errorText(t, disable.error)}</Notice>}
      </Dialog>
    </div>
  );
}
