import { randomBytes } from "node:crypto";
import { DomainError, type OperatorRole } from "@parley/core";
import type { Operator, OperatorTransaction } from "@parley/db";
import { ConsoleError } from "../console-errors";

/**
 * Operator management (admins only; the procedures check the role). Core does not know
 * operators, so their rules live here: each function runs inside one operator
 * transaction (`auditedOperatorChange`), together with its audit row.
 */

/** The shortest password an admin may set. */
export const MIN_OPERATOR_PASSWORD_LENGTH = 10;

/** 20 characters from a 54-letter alphabet without look-alikes (~115 bits). */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  const out: string[] = [];
  while (out.length < 20) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every letter equally likely.
      if (byte < 256 - (256 % alphabet.length) && out.length < 20) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join("");
}

async function getOperator(tx: OperatorTransaction, id: string): Promise<Operator> {
  const operator = await tx.operators.findById(id);
  if (!operator) throw new DomainError("NOT_FOUND", `operator ${id} does not exist`);
  return operator;
}

/**
 * Refuses a change that would leave no enabled admin. The enabled admins' rows stay
 * locked until the transaction ends, so two admins demoting or disabling each other at
 * the same moment cannot both succeed.
 */
async function assertAnAdminRemains(tx: OperatorTransaction, target: Operator, next: { role: OperatorRole; disabled: boolean }): Promise<void> {
  const losesAdmin = target.role === "admin" && !target.disabled && (next.role !== "admin" || next.disabled);
  if (!losesAdmin) return;
  const active = await tx.operators.lockActiveAdmins();
  if (active.includes(target.id) && active.length <= 1) {
    throw new ConsoleError("LAST_ACTIVE_ADMIN", `operator ${target.id} is the last enabled admin`);
  }
}

export interface CreateOperatorAccountInput {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  passwordHash: string;
}

/** CONFLICT when the email (case-insensitive) is taken. */
export const createOperatorAccount = (tx: OperatorTransaction, input: CreateOperatorAccountInput): Promise<Operator> =>
  tx.operators.create({ id: input.id, email: input.email.trim(), name: input.name.trim(), role: input.role, passwordHash: input.passwordHash });

export async function changeOperatorRole(tx: OperatorTransaction, input: { operatorId: string; role: OperatorRole }) {
  const before = await getOperator(tx, input.operatorId);
  await assertAnAdminRemains(tx, before, { role: input.role, disabled: before.disabled });
  const after = (await tx.operators.update(before.id, { role: input.role }))!;
  return { before, after };
}

/** Disabling also ends every session of the operator. */
export async function setOperatorDisabled(tx: OperatorTransaction, input: { operatorId: string; disabled: boolean }) {
  const before = await getOperator(tx, input.operatorId);
  await assertAnAdminRemains(tx, before, { role: before.role, disabled: input.disabled });
  const after = (await tx.operators.update(before.id, { disabled: input.disabled }))!;
  const sessionsEnded = input.disabled ? await tx.sessions.deleteAllForOperator(before.id) : 0;
  return { before, after, sessionsEnded };
}

/** A new password hash; every session of the operator ends. */
export async function resetOperatorPassword(tx: OperatorTransaction, input: { operatorId: string; passwordHash: string }) {
  const operator = await getOperator(tx, input.operatorId);
  await tx.operators.updatePasswordHash(operator.id, input.passwordHash);
  const sessionsEnded = await tx.sessions.deleteAllForOperator(operator.id);
  return { operator, sessionsEnded };
}
