import { describe, expect, it } from "vitest";
import {
  checkCsrf,
  clientIp,
  isSecureRequest,
  parseCookies,
  readSessionToken,
  serializeClearedSessionCookie,
  serializeSessionCookie,
} from "./http";

const h = (init: Record<string, string>) => new Headers(init);

describe("cookies", () => {
  it("parses a Cookie header, first value wins, values decoded", () => {
    const cookies = parseCookies('a=1; b="two"; a=3; c=%E4%BD%A0; broken; =x');
    expect(Object.fromEntries(cookies)).toEqual({ a: "1", b: "two", c: "你" });
  });

  it("reads the session cookie under the name for the transport", () => {
    const headers = h({ cookie: "parley_session=plain; __Host-parley_session=secure" });
    expect(readSessionToken(headers, false)).toBe("plain");
    expect(readSessionToken(headers, true)).toBe("secure");
  });

  it("serialises session cookies with the right attributes", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const expiresAt = new Date(now + 3600_000);
    expect(serializeSessionCookie({ token: "tok", secure: true, expiresAt, now })).toBe(
      "__Host-parley_session=tok; Path=/; Max-Age=3600; Expires=Tue, 01 Jan 2030 01:00:00 GMT; HttpOnly; SameSite=Lax; Secure",
    );
    expect(serializeClearedSessionCookie(false)).toBe(
      "parley_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
    );
  });

  it("decides Secure from config, then the public URL, then the request", () => {
    const https = h({ "x-forwarded-proto": "https" });
    const http = h({ "x-forwarded-proto": "http" });
    expect(isSecureRequest(http, { secureCookies: "true" })).toBe(true);
    expect(isSecureRequest(https, { secureCookies: "false" })).toBe(false);
    expect(isSecureRequest(http, { secureCookies: "auto", publicUrl: "https://c.example" })).toBe(true);
    expect(isSecureRequest(https, { secureCookies: "auto", publicUrl: "http://localhost:3000" })).toBe(false);
    expect(isSecureRequest(https, { secureCookies: "auto" })).toBe(true);
    expect(isSecureRequest(http, { secureCookies: "auto" })).toBe(false);
  });
});

describe("clientIp", () => {
  it("takes the hop nearest to us, not the client-chosen leftmost entry", () => {
    expect(clientIp(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }))).toBe("203.0.113.5");
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.1" }))).toBe("198.51.100.1");
    expect(clientIp(h({ "x-real-ip": "192.0.2.9" }))).toBe("192.0.2.9");
    expect(clientIp(h({}))).toBeNull();
  });
});

describe("checkCsrf", () => {
  const base = { host: "console.test", "x-parley-csrf": "1" };
  const config = { secureCookies: "auto" as const };

  it("accepts the header with a same-host Origin or Referer", () => {
    expect(checkCsrf(h({ ...base, origin: "http://console.test" }), config)).toEqual({ ok: true });
    expect(checkCsrf(h({ ...base, origin: "https://CONSOLE.test" }), config)).toEqual({ ok: true });
    expect(checkCsrf(h({ ...base, referer: "http://console.test/apps?x=1" }), config)).toEqual({ ok: true });
  });

  it("uses X-Forwarded-Host (set by Next or a proxy) and the public URL", () => {
    expect(
      checkCsrf(h({ ...base, "x-forwarded-host": "console.example.com", origin: "https://console.example.com" }), config),
    ).toEqual({ ok: true });
    expect(
      checkCsrf(h({ ...base, origin: "https://console.example.com" }), { ...config, publicUrl: "https://console.example.com/" }),
    ).toEqual({ ok: true });
  });

  it("refuses without the header, without an origin, or from another origin", () => {
    expect(checkCsrf(h({ host: "console.test", origin: "http://console.test" }), config)).toEqual({
      ok: false,
      reason: "missing_header",
    });
    expect(checkCsrf(h({ ...base, "x-parley-csrf": "0", origin: "http://console.test" }), config).ok).toBe(false);
    expect(checkCsrf(h(base), config)).toEqual({ ok: false, reason: "missing_origin" });
    expect(checkCsrf(h({ ...base, origin: "null" }), config)).toEqual({ ok: false, reason: "missing_origin" });
    expect(checkCsrf(h({ ...base, origin: "http://console.test.evil.example" }), config)).toEqual({
      ok: false,
      reason: "foreign_origin",
    });
    expect(checkCsrf(h({ ...base, origin: "http://console.test:8080" }), config)).toEqual({
      ok: false,
      reason: "foreign_origin",
    });
  });
});
