import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { serializeClearedSessionCookie, serializeSessionCookie } from "../../auth/http";
import { MAX_PASSWORD_LENGTH } from "../../auth/password";
import { recordAudit } from "../../audit";
import { authedProcedure, createTRPCRouter, publicProcedure, type Context } from "../init";

export const SignInInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const setCookie = (ctx: Context, value: string): void => {
  if (!ctx.resHeaders) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Cannot set cookies from a server component" });
  }
  ctx.resHeaders.append("set-cookie", value);
};

export const authRouter = createTRPCRouter({
  /**
   * Email + password → a new session cookie. Unknown email, wrong password and a
   * disabled account give the same UNAUTHORIZED; too many failures give
   * TOO_MANY_REQUESTS. Successes and failures are audited by the auth service.
   */
  signIn: publicProcedure.input(SignInInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.services.auth.signIn({
      email: input.email,
      password: input.password,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    if (!result.ok) throw new TRPCError({ code: "UNAUTHORIZED", message: "Invalid email or password" });

    // Replace, never stack: the previous session of this browser ends here.
    // (The new session's audit row was written with it, in one transaction.)
    if (ctx.session) await ctx.services.auth.signOut(ctx.session.tokenHash);
    setCookie(
      ctx,
      serializeSessionCookie({
        token: result.token,
        secure: ctx.secureCookies,
        expiresAt: result.session.expiresAt,
        now: ctx.services.now(),
      }),
    );
    return { operator: result.operator };
  }),

  /** Ends this browser's session. Idempotent: also clears a stale cookie. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await ctx.services.auth.signOut(ctx.session.tokenHash);
    if (ctx.operator) await recordAudit({ ...ctx, operator: ctx.operator }, { action: "auth.signOut", appId: null, target: `operator:${ctx.operator.id}` });
    setCookie(ctx, serializeClearedSessionCookie(ctx.secureCookies));
    return { ok: true as const };
  }),

  /** Ends every session of the signed-in operator, in every browser, this one included. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const sessionsEnded = await ctx.services.auth.signOutEverywhere(ctx.operator.id);
    await recordAudit(ctx, { action: "auth.signOutEverywhere", appId: null, target: `operator:${ctx.operator.id}` }, { after: { sessionsEnded } });
    setCookie(ctx, serializeClearedSessionCookie(ctx.secureCookies));
    return { sessionsEnded };
  }),

  /** The signed-in operator, or null. */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.operator || !ctx.session) return null;
    return {
      operator: ctx.operator,
      session: { expiresAt: ctx.session.expiresAt, idleExpiresAt: ctx.session.idleExpiresAt },
    };
  }),
});
