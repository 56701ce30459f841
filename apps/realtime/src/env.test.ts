import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("applies defaults", () => {
    const result = parseEnv({ DATABASE_URL: "postgres://localhost/parley" });
    expect(result).toEqual({
      ok: true,
      env: { REALTIME_PORT: 3100, REALTIME_HOST: "0.0.0.0", DATABASE_URL: "postgres://localhost/parley" },
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
});
