"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "~/i18n/client";
import { cn } from "~/lib/cn";
import { CloseIcon, MenuIcon, ParleyMark } from "../icons";
import { LanguageSwitcher } from "./language-switcher";
import { OperatorMenu, type OperatorSummary } from "./operator-menu";
import { SidebarNav } from "./sidebar-nav";
import { AppSwitcher } from "../console/console-context";

function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <Link href="/" className="flex items-center gap-2.5 rounded-lg">
      <ParleyMark className="text-[28px]" />
      <span className="text-[15px] font-semibold tracking-tight text-slate-900">{t.common.productName}</span>
      <span
        className={cn(
          "rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap text-slate-500",
          compact && "hidden sm:inline",
        )}
      >
        {t.common.consoleName}
      </span>
    </Link>
  );
}

/** The signed-in frame: sidebar (a drawer below lg), header with language and account, and the page. */
export function ConsoleShell({ operator, children }: { operator: OperatorSummary; children: ReactNode }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const openButtonRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);

  // Close the drawer on navigation.
  useEffect(() => setDrawerOpen(false), [pathname]);

  useEffect(() => {
    if (!drawerOpen) return;
    drawerRef.current?.querySelector<HTMLElement>("button, a")?.focus();
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") {
        setDrawerOpen(false);
        openButtonRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen]);

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="fixed top-3 left-3 z-50 -translate-y-20 rounded-lg bg-white px-4 py-2.5 text-sm font-medium text-brand-700 shadow-lg ring-1 ring-slate-200 transition-transform focus:translate-y-0"
      >
        {t.common.skipToContent}
      </a>

      {/* Desktop sidebar */}
      <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 flex-col border-r border-slate-200 bg-white lg:flex">
        <div className="flex h-16 shrink-0 items-center px-5">
          <Brand />
        </div>
        <div className="flex-1 overflow-y-auto">
          <SidebarNav />
        </div>
      </aside>

      {/* Mobile drawer */}
      <div className={cn("fixed inset-0 z-40 lg:hidden", !drawerOpen && "pointer-events-none")} aria-hidden={!drawerOpen}>
        <div
          className={cn("absolute inset-0 bg-slate-900/40 transition-opacity", drawerOpen ? "opacity-100" : "opacity-0")}
          onClick={() => setDrawerOpen(false)}
        />
        <div
          ref={drawerRef}
          id="mobile-navigation"
          inert={!drawerOpen}
          className={cn(
            "absolute inset-y-0 left-0 flex w-72 max-w-[85vw] flex-col bg-white shadow-xl transition-transform",
            drawerOpen ? "translate-x-0" : "-translate-x-full",
          )}
        >
          <div className="flex h-16 shrink-0 items-center justify-between px-5">
            <Brand />
            <button
              type="button"
              onClick={() => {
                setDrawerOpen(false);
                openButtonRef.current?.focus();
              }}
              className="rounded-lg p-2 text-xl text-slate-500 hover:bg-slate-100"
            >
              <CloseIcon />
              <span className="sr-only">{t.nav.closeNavigation}</span>
            </button>
          </div>
          <div className="flex-1 overflow-y-auto">
            <SidebarNav onNavigate={() => setDrawerOpen(false)} />
          </div>
        </div>
      </div>

      <div className="lg:pl-64">
        <header className="sticky top-0 z-10 flex h-16 items-center gap-3 border-b border-slate-200 bg-white/85 px-4 backdrop-blur sm:px-6 lg:px-8">
          <button
            ref={openButtonRef}
            type="button"
            onClick={() => setDrawerOpen(true)}
            aria-expanded={drawerOpen}
            aria-controls="mobile-navigation"
            className="-ml-1 rounded-lg p-2 text-xl text-slate-600 hover:bg-slate-100 lg:hidden"
          >
            <MenuIcon />
            <span className="sr-only">{t.nav.openNavigation}</span>
          </button>
          <div className="lg:hidden">
            <Brand compact />
          </div>
          <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
            <AppSwitcher />
            <LanguageSwitcher />
            <div className="h-6 w-px bg-slate-200" aria-hidden="true" />
            <OperatorMenu operator={operator} />
          </div>
        </header>

        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
