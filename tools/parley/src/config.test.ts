import { describe, expect, it } from "vitest";
import { LauncherEnv, localRealtimeUrl, sdkServerHint } from "./config.js";

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

describe("local realtime URLs", () => {
  it("use https when the realtime service serves TLS (the launcher's health check and the console reach it there)", () => {
    const plain = LauncherEnv.parse({ REALTIME_PORT: "3100" });
    const tls = LauncherEnv.parse({ REALTIME_PORT: "3100", REALTIME_TLS_CERT: "/c.pem", REALTIME_TLS_KEY: "/k.pem" });
    expect(localRealtimeUrl(plain)).toBe("http://127.0.0.1:3100");
    expect(localRealtimeUrl(tls)).toBe("https://127.0.0.1:3100");
    expect(sdkServerHint(tls)).toBe("https://localhost:3100");
    expect(sdkServerHint({ ...tls, REALTIME_PUBLIC_URL: "https://im.example.com" })).toBe("https://im.example.com");
  });
});
