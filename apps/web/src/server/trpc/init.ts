import { isDomainError, type Actor, type OperatorRole } from "@parley/core";
import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import {
  checkCsrf,
  clientIp,
  isSecureRequest,
  readSessionToken,
  serializeClearedSessionCookie,
  type RequestSecurityConfig,
} from "../auth/http";
import { hasRole } from "../../lib/roles";
import type { Services } from "../services";
import { isConsoleError } from "../console-errors";
import { consoleToTRPCError, toTRPCError } from "./errors";

export interface CreateContextOptions {
  /** Request headers (cookies, Origin, Host, X-Forwarded-*). */
  headers: Headers;
  /**
   * Response headers of the HTTP call, where procedures append Set-Cookie.
   * Null for React Server Component calls, which cannot set cookies.
   */
  resHeaders: Headers | null;
  services: Services;
  security: RequestSecurityConfig;
}

/**
 * Per-request context: who is calling (from the session cookie) and the
 * process's services. Used by the route handler, the RSC caller and tests.
 */
export async function createTRPCContext(opts: CreateContextOptions) {
  const secure = isSecureRequest(opts.headers, opts.security);
  const token = readSessionToken(opts.headers, secure);
  const current = token ? await opts.services.auth.resolveSession(token) : null;
  // A cookie for a session that no longer exists: tell the browser to drop it.
  if (token && !current) opts.resHeaders?.append("set-cookie", serializeClearedSessionCookie(secure));
  return {
    services: opts.services,
    headers: opts.headers,
    resHeaders: opts.resHeaders,
    security: opts.security,
    secureCookies: secure,
    ip: clientIp(opts.headers),
    userAgent: opts.headers.get("user-agent"),
    operator: current?.operator ?? null,
    session: current?.session ?? null,
  };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

const domainCodeOf = (cause: unknown): string | null => {
  if (isDomainError(cause) || isConsoleError(cause)) return cause.code;
  if (cause instanceof ZodError || cause instanceof StandardSchemaV1Error) return "INVALID_INPUT";
  return null;
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const retryAfter = isDomainError(cause) ? cause.details?.["retryAfterSeconds"] : undefined;
    return {
      ...shape,
      // Never leak internals: unknown errors reach the client as a generic message.
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        ...shape.data,
        domainCode: domainCodeOf(cause),
        retryAfterSeconds: typeof retryAfter === "number" ? retryAfter : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The single DomainError / ConsoleError → TRPCError translation (see errors.ts). */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) throw toTRPCError(result.error.cause);
  if (!result.ok && isConsoleError(result.error.cause)) throw consoleToTRPCError(result.error.cause);
  return result;
});

/**
 * Mutations must carry the console's CSRF header and come from our own origin.
 * Queries are side-effect free and exempt (they are also GETs the browser may prefetch).
 */
const csrf = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") {
    const check = checkCsrf(ctx.headers, ctx.security);
    if (!check.ok) throw new TRPCError({ code: "FORBIDDEN", message: `CSRF check failed (${check.reason})` });
  }
  return next();
});

/** Anyone, signed in or not. Mutations are still CSRF-checked. */
export const publicProcedure = t.procedure.use(domainErrors).use(csrf);

/** A signed-in operator; `ctx.operator` and `ctx.session` are non-null. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.operator || !ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in required" });
  return next({ ctx: { operator: ctx.operator, session: ctx.session } });
});

/** A signed-in operator whose role is at least `min` (viewer < moderator < admin). */
export const roleProcedure = (min: OperatorRole) =>
  authedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.operator.role, min)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Requires the ${min} role` });
    }
    return next();
  });

/** How an operator's changes appear to SDK clients (`initBy`, the sender of console messages). */
export const OPERATOR_DISPLAY_AS = "system";

/** The app every app-scoped procedure acts on. */
export const AppScope = z.object({ appId: z.string().min(1).max(64) });

/**
 * An app-scoped procedure for operators whose role is at least `min`: takes `appId`
 * in its input (merged with the procedure's own) and puts the core `Actor` in `ctx.actor`.
 */
export const appProcedure = (min: OperatorRole) =>
  roleProcedure(min)
    .input(AppScope)
    .use(({ ctx, input, next }) => {
      const actor: Extract<Actor, { kind: "operator" }> = {
        kind: "operator",
        appId: input.appId,
        operatorId: ctx.operator.id,
        role: ctx.operator.role,
        displayAs: OPERATOR_DISPLAY_AS,
      };
      return next({ ctx: { actor } });
    });
