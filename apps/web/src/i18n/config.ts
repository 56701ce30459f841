import { en, type Messages } from "./en";
import { zhCN } from "./zh-CN";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Cookie that remembers the operator's choice (readable by the client-side switcher). */
export const LOCALE_COOKIE = "parley_locale";

export const dictionaries: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/**
 * Picks the best supported locale from an Accept-Language header, honouring
 * q-values. Any Chinese variant maps to zh-CN, the only Chinese we ship.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return DEFAULT_LOCALE;
}

/** Resolves the locale for a request: explicit cookie first, then Accept-Language. */
export function resolveLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : localeFromAcceptLanguage(acceptLanguage);
}

/** Fills `{name}` placeholders. Unknown placeholders are left as written. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    key in values ? String(values[key]) : match,
  );
}

/**
 * A message that depends on a count. Keys are Intl.PluralRules categories: English uses
 * "one" and "other"; Chinese has no plural forms and repeats one text in both.
 * The count is formatted for the locale and fills `{count}`.
 */
export interface Plural {
  one: string;
  other: string;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

export function plural(locale: Locale, forms: Plural, count: number, values: Record<string, string | number> = {}): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const category = rules.select(count);
  const template = category === "one" ? forms.one : forms.other;
  return format(template, { count: new Intl.NumberFormat(locale).format(count), ...values });
}

export type { Messages };
