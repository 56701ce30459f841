"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "~/lib/cn";

const tabId = (base: string, tab: string) => `${base}-tab-${tab}`;
const panelId = (base: string, tab: string) => `${base}-panel-${tab}`;

/**
 * WAI-ARIA tabs with automatic activation: ←/→ move to the previous/next tab (wrapping),
 * Home/End to the first/last, and the panel follows. Only the selected tab is in the Tab
 * order; Tab from it moves into its panel. Pair with <TabPanel> using the same `idBase`.
 */
export function Tabs<T extends string>({
  label,
  tabs,
  labels,
  value,
  onChange,
  idBase,
  className,
}: {
  /** Names the tab list for screen readers. */
  label: string;
  tabs: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (tab: T) => void;
  idBase: string;
  className?: string;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const select = (tab: T) => {
    onChange(tab);
    refs.current[tab]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const i = tabs.indexOf(value);
    const next =
      event.key === "ArrowRight"
        ? tabs[(i + 1) % tabs.length]
        : event.key === "ArrowLeft"
          ? tabs[(i + tabs.length - 1) % tabs.length]
          : event.key === "Home"
            ? tabs[0]
            : event.key === "End"
              ? tabs[tabs.length - 1]
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };
  return (
    <div role="tablist" aria-label={label} aria-orientation="horizontal" className={cn("mb-4 flex gap-1 overflow-x-auto border-b border-slate-200", className)} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            refs.current[tab] = el;
          }}
          id={tabId(idBase, tab)}
          role="tab"
          type="button"
          aria-selected={value === tab}
          aria-controls={panelId(idBase, tab)}
          tabIndex={value === tab ? 0 : -1}
          onClick={() => onChange(tab)}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:rounded-t focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none",
            value === tab ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
          )}
        >
          {labels[tab]}
        </button>
      ))}
    </div>
  );
}

/**
 * The panel of one tab. Every tab's panel exists (so each tab's aria-controls points at
 * an element), hidden unless selected; only the selected one renders its content.
 */
export function TabPanel({ idBase, tab, selected, children, className }: { idBase: string; tab: string; selected: boolean; children: ReactNode; className?: string }) {
  return (
    <div
      role="tabpanel"
      id={panelId(idBase, tab)}
      aria-labelledby={tabId(idBase, tab)}
      hidden={!selected}
      tabIndex={selected ? 0 : -1}
      className={cn("focus-visible:rounded-lg focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-4 focus-visible:outline-none", className)}
    >
      {selected && children}
    </div>
  );
}
