import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("applies defaults", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://localhost/parley" });
    expect(result).toEqual({
      ok: true,
      env: {
        REALTIME_PORT: 3100,
        REALTIME_HOST: "0.0.0.0",
        REDIS_KEY_PREFIX: "parley:",
        REALTIME_PRESENCE_TTL_SECONDS: 30,
        REALTIME_COMMAND_DEADLINE_MS: 15_000,
        REALTIME_UPGRADE_TIMEOUT_MS: 4_000,
        DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
        DATABASE_UNAVAILABLE_AFTER_MS: 5_000,
        DATABASE_URL: "postgres://localhost/parley",
      },
    });
  });

  it("lists every problem at once", () => {
    const result = parseEnv({ REALTIME_PORT: "http", REALTIME_PUBLIC_URL: "ftp://x", REALTIME_TLS_CERT: "/c.pem" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.problems.map((p) => p.split(":")[0]);
    expect(fields).toEqual(expect.arrayContaining(["REALTIME_PORT", "REALTIME_PUBLIC_URL", "DATABASE_URL", "REALTIME_TLS_KEY"]));
  });

  it("requires the TLS certificate and key together", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://x", REALTIME_TLS_KEY: "/k.pem" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(["REALTIME_TLS_CERT: REALTIME_TLS_CERT and REALTIME_TLS_KEY must be set together"]);
  });

  it("accepts a public URL and empty optional values", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://x", REALTIME_PUBLIC_URL: "https://im.example.com", REALTIME_TLS_CERT: "", REALTIME_PORT: "0" });
    expect(result).toMatchObject({ ok: true, env: { REALTIME_PUBLIC_URL: "https://im.example.com", REALTIME_PORT: 0 } });
  });

  it("takes a Redis URL (several nodes) with its key prefix and presence TTL", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://x", REDIS_URL: "redis://:secret@10.0.0.5:6379/2", REDIS_KEY_PREFIX: "im:", REALTIME_PRESENCE_TTL_SECONDS: "10" });
    expect(result).toMatchObject({ ok: true, env: { REDIS_URL: "redis://:secret@10.0.0.5:6379/2", REDIS_KEY_PREFIX: "im:", REALTIME_PRESENCE_TTL_SECONDS: 10 } });
    expect(parseEnv({ DATABASE_URL: "postgres://x", REDIS_URL: "rediss://cache.example.com:6380" })).toMatchObject({ ok: true });
    expect(parseEnv({ DATABASE_URL: "postgres://x", REDIS_URL: "" })).toMatchObject({ ok: true, env: { REDIS_URL: undefined } });
  });

  it("refuses a Redis URL of another scheme and a TTL under a second", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://x", REDIS_URL: "http://127.0.0.1:6379", REALTIME_PRESENCE_TTL_SECONDS: "0" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.split(":")[0])).toEqual(["REDIS_URL", "REALTIME_PRESENCE_TTL_SECONDS"]);
  });
});
