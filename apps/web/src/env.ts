import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/**
 * The web app's validated environment. This is the only file that reads
 * `process.env`; everything else receives plain config objects.
 *
 * It is imported by next.config.ts, so a bad environment fails `next build`
 * and `next start`. DATABASE_URL is only needed to serve requests: during a
 * build (`pnpm build`) it may be absent, so the console builds without a database.
 * Set PARLEY_SKIP_ENV_VALIDATION=1 to skip validation entirely (e.g. a
 * Docker build stage that has none of the runtime variables).
 */
const isBuildPhase =
  process.env.NEXT_PHASE === "phase-production-build" ||
  // `pnpm build` / turbo: also seen by Next's build workers, which inherit the environment.
  process.env.npm_lifecycle_event === "build" ||
  process.argv.includes("build");

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const env = createEnv({
  server: {
    /** PostgreSQL the console reads and writes (the launcher passes the embedded one). */
    DATABASE_URL: isBuildPhase ? z.url().optional() : z.url(),
    /** Port `next start` listens on; also used to build links in development. */
    WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * Public URL of the console as seen by browsers (e.g. https://console.example.com).
     * Its origin is trusted for mutations and, when it is https, cookies are Secure
     * and `__Host-` prefixed.
     */
    PARLEY_PUBLIC_URL: z.url().optional(),
    /** "auto" (default): Secure cookies when the public URL or the request is https. */
    PARLEY_SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
    /** Public URL of the realtime server, shown to developers to configure SDKs. */
    REALTIME_URL: z.url().optional(),
    /**
     * How this server reaches the realtime service's server REST API (online status,
     * kicking clients), e.g. http://127.0.0.1:3100. Server-side only: the calls carry the
     * app's master key. The launcher sets it; unset, online status shows as unknown.
     */
    PARLEY_REALTIME_INTERNAL_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * First-operator bootstrap (src/instrumentation.ts): when the operators table is empty
     * at start-up, this admin is created. Both or neither; ignored once any operator exists.
     */
    PARLEY_ADMIN_EMAIL: z.email().optional(),
    PARLEY_ADMIN_PASSWORD: z.string().min(10).max(1024).optional(),
    PARLEY_SKIP_ENV_VALIDATION: booleanFlag,
  },
  shared: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  experimental__runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
  },
  skipValidation:
    process.env.PARLEY_SKIP_ENV_VALIDATION === "1" ||
    process.env.PARLEY_SKIP_ENV_VALIDATION === "true",
  emptyStringAsUndefined: true,
});
