"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { useConsole } from "~/components/console/console-context";
import { errorText } from "~/components/console/format";
import { PageHeader } from "~/components/shell/page-header";
import { Button, Card, CardBody, CardHeader, Dialog, Field, Labeled, Notice, Switch, Textarea } from "~/components/ui";
import { FEATURE_SWITCHES, LIMIT_FIELDS, SIGNATURE_SWITCHES, type AppSettingsPatch } from "~/lib/app-settings";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import type { RouterOutputs } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";

type Settings = RouterOutputs["app"]["get"]["settings"];
type KeyName = "key" | "masterKey";

function KeyRow({ appId, which }: { appId: string; which: KeyName }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useConsole();
  const [value, setValue] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const reveal = useMutation(trpc.app.revealKey.mutationOptions({ onSuccess: (r) => setValue(r.value) }));
  const rotate = useMutation(trpc.app.rotateKey.mutationOptions({ onSuccess: () => (setValue(null), setConfirmRotate(false)) }));
  const label = which === "key" ? t.appSettings.appKey : t.appSettings.masterKey;
  const allowed = which === "key" || can("admin");
  return (
    <div className="flex flex-wrap items-center gap-3 py-3">
      <span className="w-28 text-sm font-medium text-slate-700">{label}</span>
      <code className="min-w-0 flex-1 truncate rounded-md bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
        {allowed ? (value ?? "••••••••••••••••") : t.appSettings.masterKeyAdminOnly}
      </code>
      {allowed && (
        <>
          {value ? (
            <>
              <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard.writeText(value).then(() => setCopied(true))}>
                {copied ? t.appSettings.copied : t.appSettings.copy}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => (setValue(null), setCopied(false))}>
                {t.appSettings.hide}
              </Button>
            </>
          ) : (
            <Button size="sm" variant="secondary" loading={reveal.isPending} onClick={() => reveal.mutate({ appId, which })}>
              {t.appSettings.reveal}
            </Button>
          )}
          {can("admin") && (
            <Button size="sm" variant="ghost" onClick={() => setConfirmRotate(true)}>
              {t.appSettings.rotate}
            </Button>
          )}
        </>
      )}
      {(reveal.error || rotate.error) && <Notice tone="error">{errorText(t, reveal.error ?? rotate.error)}</Notice>}
      <Dialog
        open={confirmRotate}
        onClose={() => setConfirmRotate(false)}
        title={format(t.appSettings.rotateTitle, { key: label })}
        description={t.appSettings.rotateBody}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmRotate(false)}>
              {t.common.cancel}
            </Button>
            <Button variant="danger" loading={rotate.isPending} onClick={() => rotate.mutate({ appId, which })}>
              {t.appSettings.rotateConfirm}
            </Button>
          </>
        }
      />
    </div>
  );
}

function SettingsForm({ appId, name: initialName, settings }: { appId: string; name: string; settings: Settings }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useConsole();
  const editable = can("admin");
  const [name, setName] = useState(initialName);
  const [signatures, setSignatures] = useState(settings.signatures);
  const [features, setFeatures] = useState(settings.features);
  const [limits, setLimits] = useState<Record<string, string>>(() => Object.fromEntries(LIMIT_FIELDS.map((k) => [k, String(settings.limits[k])])));
  const [origins, setOrigins] = useState(settings.originAllowList.join("\n"));
  const [webhook, setWebhook] = useState(settings.serviceWebhookUrl ?? "");
  const update = useMutation(trpc.app.update.mutationOptions());
  useEffect(() => setName(initialName), [initialName]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: AppSettingsPatch = {
      signatures,
      features,
      limits: Object.fromEntries(LIMIT_FIELDS.map((k) => [k, Number(limits[k])])),
      originAllowList: origins.split("\n").map((o) => o.trim()).filter(Boolean),
      serviceWebhookUrl: webhook.trim() || null,
    };
    update.mutate({ appId, name, settings: patch });
  };

  return (
    <form onSubmit={submit} className="space-y-6">
      {!editable && <Notice>{t.appSettings.readOnly}</Notice>}
      <fieldset disabled={!editable} className="space-y-6">
        <Card aria-labelledby="general-title">
          <CardHeader titleId="general-title" title={t.appSettings.generalTitle} />
          <CardBody>
            <Field label={t.apps.fieldName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </CardBody>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card aria-labelledby="signatures-title">
            <CardHeader titleId="signatures-title" title={t.appSettings.signaturesTitle} description={t.appSettings.signaturesDescription} />
            <CardBody className="divide-y divide-slate-100 py-2">
              {SIGNATURE_SWITCHES.map((k) => (
                <Switch key={k} label={t.appSettings.signature[k]} checked={signatures[k]} disabled={!editable} onChange={(v) => setSignatures((s) => ({ ...s, [k]: v }))} />
              ))}
            </CardBody>
          </Card>
          <Card aria-labelledby="features-title">
            <CardHeader titleId="features-title" title={t.appSettings.featuresTitle} />
            <CardBody className="space-y-2 py-2">
              <div className="divide-y divide-slate-100">
                {FEATURE_SWITCHES.map((k) => (
                  <Switch key={k} label={t.appSettings.feature[k]} checked={features[k]} disabled={!editable} onChange={(v) => setFeatures((s) => ({ ...s, [k]: v }))} />
                ))}
              </div>
              <Field
                label={t.appSettings.feature.patchWindowSeconds}
                type="number"
                min={0}
                step={1}
                value={features.patchWindowSeconds}
                onChange={(e) => setFeatures((s) => ({ ...s, patchWindowSeconds: Number(e.target.value) }))}
              />
            </CardBody>
          </Card>
        </div>
        <Card aria-labelledby="limits-title">
          <CardHeader titleId="limits-title" title={t.appSettings.limitsTitle} description={t.appSettings.limitsDescription} />
          <CardBody className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {LIMIT_FIELDS.map((k) => (
              <Field key={k} label={t.appSettings.limit[k]} type="number" min={0} step={1} required value={limits[k]} onChange={(e) => setLimits((l) => ({ ...l, [k]: e.target.value }))} />
            ))}
          </CardBody>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card aria-labelledby="origins-title">
            <CardHeader titleId="origins-title" title={t.appSettings.originsTitle} />
            <CardBody>
              <Labeled label={t.appSettings.originsTitle} hint={t.appSettings.originsHint}>
                {(id, hint) => <Textarea id={id} aria-describedby={hint} value={origins} onChange={(e) => setOrigins(e.target.value)} rows={4} />}
              </Labeled>
            </CardBody>
          </Card>
          <Card aria-labelledby="webhook-title">
            <CardHeader titleId="webhook-title" title={t.appSettings.webhookTitle} />
            <CardBody>
              <Field label={t.appSettings.webhookTitle} hint={t.appSettings.webhookHint} type="url" value={webhook} onChange={(e) => setWebhook(e.target.value)} />
            </CardBody>
          </Card>
        </div>
      </fieldset>
      {update.error && <Notice tone="error">{update.error.data?.code === "BAD_REQUEST" ? t.appSettings.invalid : errorText(t, update.error)}</Notice>}
      {update.isSuccess && <Notice tone="success">{t.appSettings.saved}</Notice>}
      {editable && (
        <Button type="submit" loading={update.isPending}>
          {update.isPending ? t.appSettings.saving : t.appSettings.save}
        </Button>
      )}
    </form>
  );
}

export function AppSettingsView({ appId }: { appId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const app = useQuery(trpc.app.get.queryOptions({ appId }));
  return (
    <>
      <div className="mb-2">
        <Link href="/apps" className="text-sm text-brand-700 hover:underline">
          ← {t.appSettings.back}
        </Link>
      </div>
      <PageHeader title={app.data?.name ?? t.appSettings.title} description={<span className="font-mono text-xs">{appId}</span>} />
      {app.error && <Notice tone="error">{errorText(t, app.error)}</Notice>}
      {app.data && (
        <div className="space-y-6">
          <Card aria-labelledby="keys-title">
            <CardHeader titleId="keys-title" title={t.appSettings.keysTitle} description={t.appSettings.keysDescription} />
            <CardBody className="divide-y divide-slate-100 py-1">
              <KeyRow appId={appId} which="key" />
              <KeyRow appId={appId} which="masterKey" />
            </CardBody>
          </Card>
          <SettingsForm key={app.data.updatedAt.toString()} appId={appId} name={app.data.name} settings={app.data.settings} />
        </div>
      )}
    </>
  );
}
