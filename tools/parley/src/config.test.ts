import { describe, expect, it } from "vitest";
import { LauncherEnv } from "./config.js";

describe("launcher configuration", () => {
  it("defaults to the embedded database and the documented ports", () => {
    const env = LauncherEnv.parse({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({ REALTIME_PORT: 3100, WEB_PORT: 3000 });
  });

  it("reports every problem at once", () => {
    const result = LauncherEnv.safeParse({
      DATABASE_URL: "mysql://x",
      REALTIME_PORT: "70000",
      WEB_PORT: "abc",
      PARLEY_APP_ID: "bad id!",
      PARLEY_ADMIN_EMAIL: "not-an-email",
      REALTIME_TLS_CERT: "/tmp/cert.pem",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["DATABASE_URL", "REALTIME_PORT", "WEB_PORT", "PARLEY_APP_ID", "PARLEY_ADMIN_EMAIL"]),
    );
  });

  it("treats empty values as unset", () => {
    const env = LauncherEnv.parse({ DATABASE_URL: "", PARLEY_APP_KEY: "  " });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PARLEY_APP_KEY).toBeUndefined();
  });
});
