import type { OperatorRole } from "@parley/core";
import type { ReactNode } from "react";
import type { Messages } from "~/i18n/config";
import { AppsIcon, AuditIcon, ClientsIcon, ConversationsIcon, OperatorsIcon, OverviewIcon, ServiceIcon } from "../icons";

export interface NavItem {
  href: string;
  label: (t: Messages) => string;
  icon: ReactNode;
  /** Shown only to operators with at least this role (the procedures check it regardless). */
  minRole?: OperatorRole;
}

export interface NavGroup {
  label: ((t: Messages) => string) | null;
  items: NavItem[];
}

export const NAV_GROUPS: NavGroup[] = [
  {
    label: null,
    items: [{ href: "/", label: (t) => t.nav.overview, icon: <OverviewIcon /> }],
  },
  {
    label: (t) => t.nav.sectionMessaging,
    items: [
      { href: "/conversations", label: (t) => t.nav.conversations, icon: <ConversationsIcon /> },
      { href: "/service-conversations", label: (t) => t.nav.serviceConversations, icon: <ServiceIcon /> },
      { href: "/clients", label: (t) => t.nav.clients, icon: <ClientsIcon /> },
    ],
  },
  {
    label: (t) => t.nav.sectionAdministration,
    items: [
      { href: "/apps", label: (t) => t.nav.apps, icon: <AppsIcon /> },
      { href: "/operators", label: (t) => t.nav.operators, icon: <OperatorsIcon />, minRole: "admin" },
      { href: "/audit-log", label: (t) => t.nav.auditLog, icon: <AuditIcon /> },
    ],
  },
];

export const isActive = (pathname: string, href: string): boolean =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
