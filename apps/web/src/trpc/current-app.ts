import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { CURRENT_APP_COOKIE } from "~/lib/current-app";
import { api } from "./server";

/** The apps and the one this request works on (the cookie's, else the oldest), resolved once per render. */
export const getCurrentApp = cache(async () => {
  const apps = (await api.app.list()).map(({ id, name }) => ({ id, name }));
  const chosen = (await cookies()).get(CURRENT_APP_COOKIE)?.value;
  const appId = apps.find((a) => a.id === chosen)?.id ?? apps[0]?.id ?? null;
  return { apps, appId };
});
