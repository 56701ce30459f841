import { createApp, getApp, listApps, updateApp, type Actor, type App } from "@parley/core";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { AppIdText, AppSettingsPatch } from "../../../lib/app-settings";
import { appTarget, audited, recordAudit } from "../../audit";
import { OPERATOR_DISPLAY_AS, appProcedure, authedProcedure, createTRPCRouter, roleProcedure } from "../init";

/** An app as the browser sees it: never its keys (see revealKey). */
export const toAppDto = ({ id, name, settings, createdAt, updatedAt }: App) => ({ id, name, settings, createdAt, updatedAt });

const KeyName = z.enum(["key", "masterKey"]);

export const appsRouter = createTRPCRouter({
  list: authedProcedure.query(async ({ ctx }) => {
    const actor: Actor = { kind: "operator", appId: "", operatorId: ctx.operator.id, role: ctx.operator.role, displayAs: OPERATOR_DISPLAY_AS };
    const { apps } = await listApps(ctx.services.core.deps, actor);
    return apps.map(toAppDto);
  }),

  get: appProcedure("viewer").query(async ({ ctx, input }) => toAppDto(await getApp(ctx.services.core.deps, ctx.actor, { appId: input.appId }))),

  create: roleProcedure("admin")
    .input(z.object({ id: AppIdText.optional(), name: z.string().trim().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const actor: Actor = { kind: "operator", appId: input.id ?? "", operatorId: ctx.operator.id, role: "admin", displayAs: OPERATOR_DISPLAY_AS };
      const app = await audited(ctx, { action: "app.create", appId: input.id ?? null, target: "app:new" }, async (deps) => {
        const created = await createApp(deps, actor, input);
        return { result: created, after: toAppDto(created) };
      });
      return toAppDto(app);
    }),

  update: appProcedure("admin")
    .input(z.object({ name: z.string().trim().min(1).max(200).optional(), settings: AppSettingsPatch.optional() }))
    .mutation(async ({ ctx, input }) => {
      const app = await audited(ctx, { action: "app.update", appId: input.appId, target: appTarget(input.appId) }, async (deps, tx) => {
        const before = await tx.apps.get(input.appId);
        const updated = await updateApp(deps, ctx.actor, { appId: input.appId, name: input.name, settings: input.settings });
        return { result: updated, before: before && toAppDto(before), after: toAppDto(updated) };
      });
      return toAppDto(app);
    }),

  /** New random key or master key. The audit row says which, never the value. */
  rotateKey: appProcedure("admin")
    .input(z.object({ which: KeyName }))
    .mutation(async ({ ctx, input }) => {
      await audited(ctx, { action: `app.rotate.${input.which}`, appId: input.appId, target: appTarget(input.appId) }, async (deps) => ({
        result: await updateApp(deps, ctx.actor, {
          appId: input.appId,
          rotateKey: input.which === "key",
          rotateMasterKey: input.which === "masterKey",
        }),
        after: { rotated: input.which },
      }));
      return { ok: true as const };
    }),

  /**
   * Shows one key on request. The master key is for admins only; every reveal is
   * audited (a mutation, so it is CSRF-checked and never prefetched).
   */
  revealKey: appProcedure("viewer")
    .input(z.object({ which: KeyName }))
    .mutation(async ({ ctx, input }) => {
      if (input.which === "masterKey" && ctx.operator.role !== "admin") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only admins may see the master key" });
      }
      const app = await getApp(ctx.services.core.deps, ctx.actor, { appId: input.appId });
      await recordAudit(ctx, { action: `app.reveal.${input.which}`, appId: app.id, target: appTarget(app.id) });
      return { value: input.which === "key" ? app.key : app.masterKey };
    }),
});
