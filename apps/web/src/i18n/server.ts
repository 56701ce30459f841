import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { dictionaries, LOCALE_COOKIE, resolveLocale, type Locale, type Messages } from "./config";

/** The request's locale and messages, resolved once per render. */
export const getI18n = cache(async (): Promise<{ locale: Locale; t: Messages }> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerStore.get("accept-language"));
  return { locale, t: dictionaries[locale] };
});
