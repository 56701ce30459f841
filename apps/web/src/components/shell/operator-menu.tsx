"use client";

import type { OperatorRole } from "@parley/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "~/i18n/client";
import { useTRPC } from "~/trpc/client";
import { ChevronDownIcon, DevicesIcon, SignOutIcon } from "../icons";
import { Badge, Button, Dialog } from "../ui";

export interface OperatorSummary {
  name: string;
  email: string;
  role: OperatorRole;
}

const initials = (name: string): string => {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [Array.from(name.trim())[0]];
  return letters.join("").toUpperCase() || "?";
};

/**
 * The signed-in operator and the sign-out actions, as a WAI-ARIA menu button:
 * Enter/Space/ArrowDown open it, arrows move, Escape closes and returns focus.
 */
export function OperatorMenu({ operator }: { operator: OperatorSummary }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const leave = () => {
    queryClient.clear();
    window.location.assign("/sign-in?signedOut=1");
  };
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: leave }));
  const signOutEverywhere = useMutation(trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: leave }));

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };
  const close = (returnFocus = true) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusItem(0);
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusItem(current + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusItem(current - 1);
        break;
      case "Home":
        event.preventDefault();
        focusItem(0);
        break;
      case "End":
        event.preventDefault();
        focusItem(all.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  const busy = signOut.isPending || signOutEverywhere.isPending;

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex h-9 items-center gap-2 rounded-lg pr-2 pl-1 text-sm hover:bg-slate-100"
      >
        <span
          aria-hidden="true"
          className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white"
        >
          {initials(operator.name)}
        </span>
        <span className="hidden max-w-40 truncate font-medium text-slate-700 sm:inline">{operator.name}</span>
        <span className="sr-only">{t.auth.accountMenu}</span>
        <ChevronDownIcon className="text-slate-400" />
      </button>

      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={t.auth.accountMenu}
          onKeyDown={onMenuKeyDown}
          className="absolute right-0 z-30 mt-2 w-72 origin-top-right animate-fade-in rounded-xl border border-slate-200 bg-white py-1 shadow-lg"
        >
          <div className="border-b border-slate-100 px-4 py-3" role="none">
            <p className="text-xs text-slate-500">{t.auth.signedInAs}</p>
            <p className="truncate text-sm font-medium text-slate-900">{operator.name}</p>
            <p className="truncate text-xs text-slate-500">{operator.email}</p>
            <Badge tone={operator.role === "admin" ? "brand" : "neutral"} className="mt-2">
              {t.roles[operator.role]}
            </Badge>
          </div>
          <div className="py-1" role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={busy}
              onClick={() => signOut.mutate()}
              className="flex w-full items-center gap-2.5 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-50 disabled:opacity-60"
            >
              <SignOutIcon className="text-base text-slate-400" />
              {signOut.isPending ? t.auth.signingOut : t.auth.signOut}
            </button>
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={busy}
              onClick={() => {
                close(false);
                setConfirmEverywhere(true);
              }}
              className="flex w-full items-center gap-2.5 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-50 disabled:opacity-60"
            >
              <DevicesIcon className="text-base text-slate-400" />
              {t.auth.signOutEverywhere}
            </button>
          </div>
        </div>
      )}

      <Dialog
        open={confirmEverywhere}
        onClose={() => setConfirmEverywhere(false)}
        title={t.auth.signOutEverywhereTitle}
        description={t.auth.signOutEverywhereBody}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmEverywhere(false)} disabled={signOutEverywhere.isPending}>
              {t.common.cancel}
            </Button>
            <Button variant="danger" loading={signOutEverywhere.isPending} onClick={() => signOutEverywhere.mutate()}>
              {t.auth.signOutEverywhereConfirm}
            </Button>
          </>
        }
      >
        {signOutEverywhere.isError && (
          <p role="alert" className="text-sm text-red-600">
            {t.auth.genericError}
          </p>
        )}
      </Dialog>
    </div>
  );
}
