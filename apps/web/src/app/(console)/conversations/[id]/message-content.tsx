"use client";

import { useState, type ReactNode } from "react";
import { useFormat } from "~/components/console/format";
import { format } from "~/i18n/config";
import { useI18n } from "~/i18n/client";
import type { RouterOutputs } from "~/server/trpc/root";

export type MessageItem = RouterOutputs["message"]["history"]["items"][number];
export type Content = MessageItem["content"];

interface LcFile {
  url?: string;
  objId?: string;
  metaData?: { name?: string; size?: number; duration?: number; width?: number; height?: number; format?: string };
}
interface LcMessage {
  _lctype?: number;
  _lctext?: string;
  _lcfile?: LcFile;
  _lcloc?: { latitude?: number; longitude?: number };
  _lcattrs?: unknown;
}

export function parseLc(content: Content): LcMessage | null {
  if (content.kind !== "text") return null;
  try {
    const v = JSON.parse(content.text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as LcMessage) : null;
  } catch {
    return null;
  }
}

/** Only http(s) links are made clickable (message content is untrusted). */
const safeUrl = (url: unknown): string | null => (typeof url === "string" && /^https?:\/\//i.test(url) ? url : null);

/** A message as its `_lctype` says: text, image, audio, video, location, file, recalled, or custom with raw JSON. */
export function TypedContent({ content }: { content: Content }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [raw, setRaw] = useState(false);
  const lc = parseLc(content);
  const type = lc?._lctype;
  const file = lc?._lcfile;
  const url = safeUrl(file?.url);
  const rawText = content.kind === "text" ? content.text : content.base64;

  let label: string;
  let body: ReactNode;
  if (content.kind === "binary") {
    label = t.messages.types.custom.replace("{type}", "binary");
    body = <span className="text-slate-500">{fmt.count(t.messages.binary, Math.floor((content.base64.length * 3) / 4))}</span>;
  } else if (typeof type !== "number") {
    label = t.messages.types.plain;
    body = <span className="whitespace-pre-wrap">{content.text}</span>;
  } else {
    switch (type) {
      case -1:
        label = t.messages.types.text;
        body = <span className="whitespace-pre-wrap">{lc?._lctext ?? ""}</span>;
        break;
      case -2:
        label = t.messages.types.image;
        body = url ? (
          <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="inline-block">
            <img src={url} alt={lc?._lctext ?? t.messages.types.image} className="max-h-40 max-w-64 rounded-md ring-1 ring-slate-200" loading="lazy" referrerPolicy="no-referrer" />
          </a>
        ) : (
          t.messages.types.image
        );
        break;
      case -3:
      case -4:
        label = type === -3 ? t.messages.types.audio : t.messages.types.video;
        body = (
          <span className="flex flex-wrap items-center gap-2">
            {url ? (
              type === -3 ? <audio controls preload="none" src={url} className="h-8" /> : <video controls preload="none" src={url} className="max-h-40 rounded-md" />
            ) : null}
            {file?.metaData?.duration !== undefined && <span className="text-xs text-slate-500">{format(t.messages.duration, { seconds: Math.round(file.metaData.duration) })}</span>}
          </span>
        );
        break;
      case -5:
        label = t.messages.types.location;
        body = format(t.messages.location, { lat: lc?._lcloc?.latitude ?? "?", lng: lc?._lcloc?.longitude ?? "?" });
        break;
      case -6:
        label = t.messages.types.file;
        body = url ? (
          <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline">
            {file?.metaData?.name ?? t.messages.openFile}
          </a>
        ) : (
          (file?.metaData?.name ?? t.messages.types.file)
        );
        break;
      case -127:
        label = t.messages.types.recalled;
        body = <span className="text-slate-400 italic">{t.messages.recalled}</span>;
        break;
      default:
        label = format(t.messages.types.custom, { type });
        body = null;
    }
  }
  const showRaw = raw || body === null;
  return (
    <div className="min-w-0 space-y-1 text-sm text-slate-800">
      <div className="flex items-center gap-2">
        <span className="text-[11px] font-medium tracking-wide text-slate-400 uppercase">{label}</span>
        {body !== null && (
          <button type="button" onClick={() => setRaw((r) => !r)} className="rounded text-[11px] text-brand-700 hover:underline focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none" aria-expanded={raw}>
            {raw ? t.messages.hideRaw : t.messages.raw}
          </button>
        )}
      </div>
      {body}
      {showRaw && <pre className="max-h-60 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap ring-1 ring-slate-200">{rawText}</pre>}
    </div>
  );
}
