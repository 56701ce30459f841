"use client";

import { TRPCClientError } from "@trpc/client";
import { useI18n } from "~/i18n/client";
import { plural, type Messages, type Plural } from "~/i18n/config";

/** Dates and numbers in the operator's language. */
export function useFormat() {
  const { locale } = useI18n();
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  const short = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const number = new Intl.NumberFormat(locale);
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  return {
    dateTime: (d: Date | number | null | undefined) => (d === null || d === undefined || d === 0 ? null : dateTime.format(d)),
    short: (d: Date | number | null | undefined) => (d === null || d === undefined || d === 0 ? null : short.format(d)),
    /** For narrow table columns: day and time this year, the date alone before (pair with `dateTime` in a title). */
    compact: (d: Date | number | null | undefined) => {
      if (d === null || d === undefined || d === 0) return null;
      return new Date(d).getFullYear() === new Date().getFullYear() ? short.format(d) : dateOnly.format(d);
    },
    number: (n: number) => number.format(n),
    /** A count with its noun in the right plural form: "1 member", "2 members". */
    count: (forms: Plural, n: number, values?: Record<string, string | number>) => plural(locale, forms, n, values),
  };
}

/** A translated message for a failed call, from `data.domainCode` / the tRPC code. */
export function errorText(t: Messages, error: unknown): string {
  if (!(error instanceof TRPCClientError)) return t.errors.requestFailed;
  const data = error.data as { code?: string; domainCode?: string | null } | undefined;
  const domain = data?.domainCode ?? "";
  if (domain === "LAST_ACTIVE_ADMIN") return t.errors.lastActiveAdmin;
  if (domain === "REALTIME_UNAVAILABLE") return t.errors.realtimeUnavailable;
  if (domain === "REALTIME_NOT_CONFIGURED") return t.errors.realtimeNotConfigured;
  if (domain === "NOT_SUBSCRIBED") return t.errors.notSubscribed;
  if (domain === "MESSAGE_TOO_LARGE") return t.errors.tooLarge;
  if (domain === "CONVERSATION_EXPIRED") return t.errors.expired;
  if (domain.startsWith("CONVERSATION_NOT_ALLOWED") || domain === "NORMAL_CONVERSATION_REQUIRED" || domain === "SYSTEM_CONVERSATION_REQUIRED") return t.errors.notAllowed;
  switch (data?.code) {
    case "NOT_FOUND":
      return t.errors.notFound;
    case "FORBIDDEN":
      return t.errors.forbidden;
    case "BAD_REQUEST":
      return t.errors.invalidInput;
    case "CONFLICT":
      return t.errors.conflict;
    case "PAYLOAD_TOO_LARGE":
      return t.errors.tooLarge;
    default:
      return t.errors.requestFailed;
  }
}

/** "a, b c\nd" → ["a", "b", "c", "d"] without duplicates. */
export const splitIds = (text: string): string[] => [...new Set(text.split(/[\s,，]+/).map((s) => s.trim()).filter(Boolean))];

/** datetime-local input value ↔ Date. */
export const fromLocalInput = (value: string): Date | undefined => (value ? new Date(value) : undefined);
