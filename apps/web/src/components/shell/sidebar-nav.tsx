"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useConsole } from "~/components/console/console-context";
import { useI18n } from "~/i18n/client";
import { cn } from "~/lib/cn";
import { isActive, NAV_GROUPS } from "./nav-items";

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const { t } = useI18n();
  const { can } = useConsole();
  return (
    <nav aria-label={t.nav.label} className="flex flex-col gap-6 px-3 py-4">
      {NAV_GROUPS.map((group, index) => {
        const headingId = `nav-group-${index}`;
        return (
          <div key={index}>
            {group.label && (
              <h2 id={headingId} className="mb-1.5 px-2.5 text-xs font-medium tracking-wide text-slate-400 uppercase">
                {group.label(t)}
              </h2>
            )}
            <ul className="space-y-0.5" aria-labelledby={group.label ? headingId : undefined}>
              {group.items.filter((item) => !item.minRole || can(item.minRole)).map((item) => {
                const active = isActive(pathname, item.href);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      onClick={onNavigate}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "group flex items-center gap-3 rounded-lg px-2.5 py-2 text-sm font-medium transition-colors",
                        active
                          ? "bg-brand-50 text-brand-700"
                          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                      )}
                    >
                      <span
                        className={cn(
                          "text-lg",
                          active ? "text-brand-600" : "text-slate-400 group-hover:text-slate-600",
                        )}
                      >
                        {item.icon}
                      </span>
                      {item.label(t)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
