"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ActivityIcon, AppsIcon, ConversationsIcon, ServiceIcon } from "~/components/icons";
import { LiveBadge, useLiveRefresh } from "~/components/console/live";
import { useFormat } from "~/components/console/format";
import { Card, CardBody, CardHeader } from "~/components/ui";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";

function Stat({ label, value, icon, note }: { label: string; value: string; icon: ReactNode; note?: string }) {
  return (
    <Card className="p-5">
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium text-slate-500">{label}</p>
        <span className="text-lg text-slate-400">{icon}</span>
      </div>
      <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</p>
      {note && <p className="mt-1 truncate text-xs text-slate-400">{note}</p>}
    </Card>
  );
}

/** Bars per minute; a plain SVG with a text summary for screen readers. */
function MinuteChart({ series, summary }: { series: { minute: number; count: number }[]; summary: string }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const width = 720;
  const height = 160;
  const peak = Math.max(1, ...series.map((p) => p.count));
  const bar = width / Math.max(1, series.length);
  const ticks = series.filter((_, i) => i % 15 === 0);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="h-48 w-full" role="img" aria-label={summary}>
        <line x1="0" x2={width} y1={height} y2={height} className="stroke-slate-200" />
        {series.map((p, i) => {
          const h = (p.count / peak) * (height - 8);
          return (
            <rect key={p.minute} x={i * bar + 1} y={height - h} width={Math.max(1, bar - 2)} height={h} rx="1.5" className="fill-brand-500">
              <title>{fmt.count(t.overview.minuteBar, p.count, { time: fmt.short(p.minute) ?? "" })}</title>
            </rect>
          );
        })}
        {ticks.map((p) => (
          <text key={p.minute} x={series.indexOf(p) * bar} y={height + 15} className="fill-slate-400 text-[11px]">
            {new Date(p.minute).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" })}
          </text>
        ))}
      </svg>
      <figcaption className="mt-2 text-sm text-slate-500">{summary}</figcaption>
    </figure>
  );
}

export function OverviewStats({ appId, appCount }: { appId: string; appCount: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const fmt = useFormat();
  const live = useLiveRefresh(appId);
  const stats = useQuery({ ...trpc.overview.stats.queryOptions({ appId }), refetchInterval: 60_000 });
  const data = stats.data;
  const total = data ? data.conversations.normal + data.conversations.temporary + data.conversations.chatroom + data.conversations.service : 0;
  const peak = data ? Math.max(0, ...data.series.map((p) => p.count)) : 0;
  const dash = t.common.notAvailable;
  const appNote = format(t.overview.statOfApp, { app: appId });
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label={t.overview.statApps} value={fmt.number(appCount)} icon={<AppsIcon />} />
        <Stat label={t.overview.statConversations} value={data ? fmt.number(total) : dash} icon={<ConversationsIcon />} note={appNote} />
        <Stat label={t.overview.statServiceConversations} value={data ? fmt.number(data.conversations.service) : dash} icon={<ServiceIcon />} note={appNote} />
        <Stat label={t.overview.statMessagesLastHour} value={data ? fmt.number(data.messagesLastHour) : dash} icon={<ActivityIcon />} note={appNote} />
      </div>
      <Card className="mt-6" aria-labelledby="messages-per-minute">
        <CardHeader titleId="messages-per-minute" title={t.overview.chartTitle} description={t.overview.chartDescription} actions={<LiveBadge status={live} />} />
        <CardBody>
          {data ? (
            <MinuteChart
              series={data.series}
              summary={data.messagesLastHour === 0 ? t.overview.chartEmpty : fmt.count(t.overview.chartSummary, data.messagesLastHour, { peak: fmt.number(peak) })}
            />
          ) : (
            <p className="py-16 text-center text-sm text-slate-400">{t.common.loading}</p>
          )}
        </CardBody>
      </Card>
    </>
  );
}
