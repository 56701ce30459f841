import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root (tools/parley/src → ../../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const port = (fallback: number) =>
  z.coerce.number().int().min(1, "must be a port number").max(65535, "must be a port number").default(fallback);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const LauncherEnv = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  PARLEY_DATA_DIR: optionalText,
  REALTIME_PORT: port(3100),
  REALTIME_HOST: z.string().default("0.0.0.0"),
  REALTIME_PUBLIC_URL: optionalText.pipe(z.string().url("must be a URL such as https://im.example.com").optional()),
  REALTIME_TLS_CERT: optionalText,
  REALTIME_TLS_KEY: optionalText,
  WEB_PORT: port(3000),
  PARLEY_APP_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - and _ only, at most 64")
      .optional(),
  ),
  PARLEY_APP_KEY: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  PARLEY_MASTER_KEY: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  PARLEY_ADMIN_EMAIL: optionalText.pipe(z.string().email("must be an email address").optional()),
  PARLEY_ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, "must be at least 10 characters").optional()),
}).superRefine((env, ctx) => {
  if ((env.REALTIME_TLS_CERT === undefined) !== (env.REALTIME_TLS_KEY === undefined)) {
    ctx.addIssue({ code: "custom", path: ["REALTIME_TLS_CERT"], message: "REALTIME_TLS_CERT and REALTIME_TLS_KEY go together" });
  }
  if (env.REALTIME_PORT === env.WEB_PORT) {
    ctx.addIssue({ code: "custom", path: ["WEB_PORT"], message: "must differ from REALTIME_PORT" });
  }
  if ((env.PARLEY_ADMIN_EMAIL === undefined) !== (env.PARLEY_ADMIN_PASSWORD === undefined)) {
    ctx.addIssue({ code: "custom", path: ["PARLEY_ADMIN_EMAIL"], message: "PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD go together" });
  }
});
export type LauncherEnv = z.infer<typeof LauncherEnv>;

/** Parses the environment; on failure prints every problem at once and exits. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): LauncherEnv & { dataDir: string } {
  const parsed = LauncherEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(environment)"}: ${i.message}`);
    console.error(`Parley cannot start: the configuration has ${lines.length} problem(s):\n${lines.join("\n")}`);
    process.exit(1);
  }
  return { ...parsed.data, dataDir: resolve(ROOT, parsed.data.PARLEY_DATA_DIR ?? ".parley") };
}

/** Where the launcher (and the console's server) reach the local realtime service: https when it serves TLS. */
export function localRealtimeUrl(env: Pick<LauncherEnv, "REALTIME_TLS_CERT" | "REALTIME_PORT">, host = "127.0.0.1"): string {
  return `${env.REALTIME_TLS_CERT ? "https" : "http"}://${host}:${env.REALTIME_PORT}`;
}

/** What an app passes as the SDK's `server` option. */
export function sdkServerHint(env: Pick<LauncherEnv, "REALTIME_TLS_CERT" | "REALTIME_PORT" | "REALTIME_PUBLIC_URL">): string {
  return env.REALTIME_PUBLIC_URL ?? localRealtimeUrl(env, "localhost");
}
