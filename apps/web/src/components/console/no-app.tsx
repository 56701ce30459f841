import Link from "next/link";
import { AppsIcon } from "../icons";
import { buttonClasses, Card, EmptyState } from "../ui";
import type { Messages } from "~/i18n/config";

/** Shown by app-scoped pages while no app exists. */
export function NoApp({ t }: { t: Messages }) {
  return (
    <Card>
      <EmptyState
        icon={<AppsIcon />}
        title={t.appSwitcher.noAppTitle}
        description={t.appSwitcher.noAppBody}
        action={
          <Link href="/apps" className={buttonClasses("primary", "md")}>
            {t.appSwitcher.noAppAction}
          </Link>
        }
      />
    </Card>
  );
}
