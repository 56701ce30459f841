import type { OperatorRole } from "@parley/core";

/** viewer < moderator < admin. Shared by procedures (enforcement) and UI (hiding what would be refused). */
export const ROLE_RANK: Record<OperatorRole, number> = { viewer: 0, moderator: 1, admin: 2 };

export const hasRole = (role: OperatorRole, min: OperatorRole): boolean => ROLE_RANK[role] >= ROLE_RANK[min];
