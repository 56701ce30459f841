import "server-only";
import { env } from "../env";
import type { RequestSecurityConfig } from "./auth/http";
import { getServices, type Services } from "./services";

/** Request security settings from the environment. */
export const securityConfig = (): RequestSecurityConfig => ({
  secureCookies: env.PARLEY_SECURE_COOKIES,
  publicUrl: env.PARLEY_PUBLIC_URL,
});

/** The process's services, built from the environment on first use. */
export const services = (): Services =>
  getServices(() => {
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    return { database: { url: env.DATABASE_URL }, realtimeUrl: env.PARLEY_REALTIME_INTERNAL_URL };
  });

/** Public links shown in the console. */
export const publicLinks = () => ({ realtimeUrl: env.REALTIME_URL ?? null });
