import "server-only";
import { joinTransaction, type AuditEntry, type CoreDeps, type OperatorRole, type Transaction } from "@parley/core";
import { runOperatorTransaction, type OperatorTransaction } from "@parley/db";
import type { Services } from "./services";

/** What the audit trail needs to know about the request. */
export interface AuditContext {
  services: Services;
  operator: { id: string; role: OperatorRole };
  ip: string | null;
  userAgent: string | null;
}

export interface AuditSpec {
  /** Dotted verb, e.g. "conversation.update", "member.silence". */
  action: string;
  /** Null for actions not bound to one app (sign-in). */
  appId: string | null;
  /** "conversation:<id>" (fills the row's conversation column), "app:<id>", "client:<id>", "operator:<id>". */
  target: string;
}

/** What an audited change reports back: its result, and the state before and after for the trail. */
export interface AuditedChange<T> {
  result: T;
  before?: unknown;
  after?: unknown;
}

export const conversationTarget = (id: string) => `conversation:${id}`;
export const appTarget = (id: string) => `app:${id}`;
export const clientTarget = (id: string) => `client:${id}`;
export const operatorTarget = (id: string) => `operator:${id}`;

/** Audit rows are JSON: bytes become base64, dates ISO strings, undefined disappears. */
export function toAuditJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Uint8Array) return { base64: Buffer.from(v).toString("base64") };
      if (typeof v === "bigint") return v.toString();
      return v;
    }),
  ) as unknown;
}

/**
 * The one way the console changes anything: runs `change` (core use cases called with
 * the `deps` it receives) and appends exactly one audit row, in the SAME transaction.
 * If the change throws, nothing is written and no event is published; if the audit row
 * cannot be written, the change is rolled back. Events reach the bus after the commit.
 */
export async function audited<T>(
  ctx: AuditContext,
  spec: AuditSpec,
  change: (deps: CoreDeps, tx: Transaction) => Promise<AuditedChange<T>>,
): Promise<T> {
  const { core } = ctx.services;
  return core.uow.run(async (tx) => {
    const deps = joinTransaction(core.deps, tx);
    const { result, before, after } = await change(deps, tx);
    await tx.audit.append(auditRow(ctx, spec, before, after));
    return result;
  });
}

function auditRow(ctx: AuditContext, spec: AuditSpec, before: unknown, after: unknown): AuditEntry {
  return {
    id: ctx.services.core.deps.ids.objectId(),
    appId: spec.appId,
    operatorId: ctx.operator.id,
    role: ctx.operator.role,
    action: spec.action,
    target: spec.target,
    before: toAuditJson(before),
    after: toAuditJson(after),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    at: new Date(ctx.services.now()),
  };
}

/**
 * `audited` for changes to operators and their sessions, which core's unit of work does
 * not cover: `change` gets the operator repositories bound to one transaction, and the
 * audit row is appended in that same transaction. Nothing is published (operators are
 * not domain events).
 */
export async function auditedOperatorChange<T>(
  ctx: AuditContext,
  spec: AuditSpec,
  change: (tx: OperatorTransaction) => Promise<AuditedChange<T>>,
): Promise<T> {
  return runOperatorTransaction(ctx.services.database, async (tx) => {
    const { result, before, after } = await change(tx);
    await tx.audit.append(auditRow(ctx, spec, before, after));
    return result;
  });
}

/** An audit row for something that is not a core change (sign-in, a key reveal, reading messages). */
export const recordAudit = (ctx: AuditContext, spec: AuditSpec, details: { before?: unknown; after?: unknown } = {}) =>
  audited(ctx, spec, async () => ({ result: undefined, ...details }));
