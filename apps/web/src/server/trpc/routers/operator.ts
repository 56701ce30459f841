import type { Operator } from "@parley/db";
import { z } from "zod";
import { serializeClearedSessionCookie } from "../../auth/http";
import {
  changeOperatorRole,
  createOperatorAccount,
  generatePassword,
  MIN_OPERATOR_PASSWORD_LENGTH,
  resetOperatorPassword,
  setOperatorDisabled,
} from "../../auth/operators";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../auth/password";
import { auditedOperatorChange, operatorTarget } from "../../audit";
import { listOperators } from "../../queries/operators";
import { createTRPCRouter, roleProcedure } from "../init";
import { setCookie } from "./auth";

const Role = z.enum(["admin", "moderator", "viewer"]);
const OperatorId = z.object({ operatorId: z.string().min(1).max(64) });
/** Omitted: the server generates one and returns it once. */
const NewPassword = z.string().min(MIN_OPERATOR_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).optional();

const toOperatorDto = ({ id, email, name, role, disabled, createdAt }: Operator) => ({ id, email, name, role, disabled, createdAt });

const admin = roleProcedure("admin");

export const operatorRouter = createTRPCRouter({
  /** Every operator, with last sign-in and open sessions. */
  list: admin.query(({ ctx }) => {
    const now = ctx.services.now();
    return listOperators(ctx.services.database, { now: new Date(now), idleBefore: new Date(now - ctx.services.auth.policy.idleTimeoutMs) });
  }),

  /** A new operator. Without a password, one is generated and returned in this answer only. */
  create: admin
    .input(z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200), role: Role, password: NewPassword }))
    .mutation(async ({ ctx, input }) => {
      const password = input.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const id = ctx.services.core.deps.ids.objectId();
      const operator = await auditedOperatorChange(ctx, { action: "operator.create", appId: null, target: operatorTarget(id) }, async (tx) => {
        const created = await createOperatorAccount(tx, { id, email: input.email, name: input.name, role: input.role, passwordHash });
        return { result: created, after: { ...toOperatorDto(created), passwordGenerated: input.password === undefined } };
      });
      return { operator: toOperatorDto(operator), generatedPassword: input.password === undefined ? password : null };
    }),

  /** LAST_ACTIVE_ADMIN (PRECONDITION_FAILED) when no enabled admin would remain. */
  updateRole: admin.input(OperatorId.extend({ role: Role })).mutation(({ ctx, input }) =>
    auditedOperatorChange(ctx, { action: "operator.role", appId: null, target: operatorTarget(input.operatorId) }, async (tx) => {
      const r = await changeOperatorRole(tx, input);
      return { result: toOperatorDto(r.after), before: { role: r.before.role }, after: { role: r.after.role } };
    }),
  ),

  /**
   * Disabling ends every session of the operator (yours too: the cookie is cleared).
   * LAST_ACTIVE_ADMIN when no enabled admin would remain.
   */
  setDisabled: admin.input(OperatorId.extend({ disabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const r = await auditedOperatorChange(
      ctx,
      { action: input.disabled ? "operator.disable" : "operator.enable", appId: null, target: operatorTarget(input.operatorId) },
      async (tx) => {
        const changed = await setOperatorDisabled(tx, input);
        return { result: changed, before: { disabled: changed.before.disabled }, after: { disabled: changed.after.disabled, sessionsEnded: changed.sessionsEnded } };
      },
    );
    const signedOut = input.disabled && input.operatorId === ctx.operator.id;
    if (signedOut) setCookie(ctx, serializeClearedSessionCookie(ctx.secureCookies));
    return { operator: toOperatorDto(r.after), sessionsEnded: r.sessionsEnded, signedOut };
  }),

  /** A new password (given, or generated and returned once); every session of the operator ends. */
  resetPassword: admin.input(OperatorId.extend({ password: NewPassword })).mutation(async ({ ctx, input }) => {
    const password = input.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const r = await auditedOperatorChange(ctx, { action: "operator.resetPassword", appId: null, target: operatorTarget(input.operatorId) }, async (tx) => {
      const reset = await resetOperatorPassword(tx, { operatorId: input.operatorId, passwordHash });
      return { result: reset, after: { passwordGenerated: input.password === undefined, sessionsEnded: reset.sessionsEnded } };
    });
    const signedOut = input.operatorId === ctx.operator.id;
    if (signedOut) setCookie(ctx, serializeClearedSessionCookie(ctx.secureCookies));
    return { sessionsEnded: r.sessionsEnded, generatedPassword: input.password === undefined ? password : null, signedOut };
  }),
});
