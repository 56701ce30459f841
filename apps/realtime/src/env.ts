// The realtime app's validated environment. This is the only file that reads process.env.
import { z } from "zod";

const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

export const RealtimeEnv = z
  .object({
    REALTIME_PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
    REALTIME_HOST: z.string().min(1).default("0.0.0.0"),
    /** Public base URL announced by /v1/route, e.g. https://im.example.com. */
    REALTIME_PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^(https?|wss?)$/ }).optional()),
    /** Path to a PEM certificate (with REALTIME_TLS_KEY) to serve https/wss directly. */
    REALTIME_TLS_CERT: optionalString,
    REALTIME_TLS_KEY: optionalString,
    /**
     * Several realtime nodes: presence (online state, chat-room counts, kicks) is shared through
     * this Redis. Unset: one node, presence in memory.
     */
    REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
    /** Prefix of the Redis keys (one per deployment when deployments share a Redis). */
    REDIS_KEY_PREFIX: z.string().min(1).default("parley:"),
    /** A node that stops without cleaning up (crash) leaves the shared presence after this. */
    REALTIME_PRESENCE_TTL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
    /** A command (e.g. a send) not answered within this many ms gets 4301 and its database work is abandoned; 0 = off. */
    REALTIME_COMMAND_DEADLINE_MS: z.coerce.number().int().min(0).max(19_000).default(15_000),
    /** A connection's first HTTP request (the WebSocket upgrade) must finish its headers within this. */
    REALTIME_UPGRADE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4_000),
    /** PostgreSQL statement_timeout for this process's connections; 0 = the server's setting. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    /** After PostgreSQL has not answered a probe for this long, work fails fast until it answers; 0 = off. */
    DATABASE_UNAVAILABLE_AFTER_MS: z.coerce.number().int().min(0).default(5_000),
    DATABASE_URL: z
      .string({ error: "required (the launcher provides it; it starts embedded PostgreSQL when unset)" })
      .min(1, "required"),
  });
export type RealtimeEnv = z.infer<typeof RealtimeEnv>;

export type ParseEnvResult = { ok: true; env: RealtimeEnv } | { ok: false; problems: string[] };

/** Validates an environment-like record and lists every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): ParseEnvResult {
  const result = RealtimeEnv.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
  // Checked here rather than in a refinement so it is reported together with the field errors.
  const cert = Boolean(source.REALTIME_TLS_CERT);
  const key = Boolean(source.REALTIME_TLS_KEY);
  if (cert !== key) {
    problems.push(`${cert ? "REALTIME_TLS_KEY" : "REALTIME_TLS_CERT"}: REALTIME_TLS_CERT and REALTIME_TLS_KEY must be set together`);
  }
  if (result.success && problems.length === 0) return { ok: true, env: result.data };
  return { ok: false, problems };
}

/** Reads process.env; on any problem prints all of them and exits with status 1. */
export function loadEnv(): RealtimeEnv {
  const result = parseEnv(process.env);
  if (result.ok) return result.env;
  console.error(`Invalid realtime environment:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
