import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleProvider } from "~/components/console/console-context";
import { ConsoleShell } from "~/components/shell/console-shell";
import { PATHNAME_HEADER } from "~/lib/request-path";
import { safeNextPath } from "~/lib/redirect";
import { getCurrentApp } from "~/trpc/current-app";
import { api } from "~/trpc/server";

/**
 * Everything behind sign-in. This check is for navigation only: every
 * procedure enforces the session and role itself.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await api.auth.me();
  if (!me) {
    const path = safeNextPath((await headers()).get(PATHNAME_HEADER));
    redirect(path === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(path)}`);
  }
  const { apps, appId } = await getCurrentApp();
  return (
    <ConsoleProvider value={{ operator: me.operator, apps, appId }}>
      <ConsoleShell operator={me.operator}>{children}</ConsoleShell>
    </ConsoleProvider>
  );
}
