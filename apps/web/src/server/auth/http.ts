/**
 * HTTP-level pieces of console auth: which cookie, how it is written, where the
 * client's IP comes from, and the CSRF check for mutations. Pure functions over
 * `Headers`, so the route handler, the RSC caller and tests share them.
 */
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "../../lib/csrf";

export { CSRF_HEADER, CSRF_HEADER_VALUE };

export interface RequestSecurityConfig {
  /** "auto": Secure cookies when the public URL or the request itself is https. */
  secureCookies: "auto" | "true" | "false";
  /** Public URL of the console; its origin is trusted for mutations. */
  publicUrl?: string | undefined;
}

/** `__Host-` requires Secure, Path=/ and no Domain: the cookie cannot be planted by a subdomain. */
export const SECURE_SESSION_COOKIE = "__Host-parley_session";
export const PLAIN_SESSION_COOKIE = "parley_session";

export const sessionCookieName = (secure: boolean): string => (secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE);

const firstListValue = (value: string | null): string | null => value?.split(",")[0]?.trim() || null;

/** Whether cookies for this request should be Secure (and `__Host-` prefixed). */
export function isSecureRequest(headers: Headers, config: RequestSecurityConfig): boolean {
  if (config.secureCookies === "true") return true;
  if (config.secureCookies === "false") return false;
  if (config.publicUrl) return new URL(config.publicUrl).protocol === "https:";
  // Next fills x-forwarded-proto from the socket when no proxy set it.
  return firstListValue(headers.get("x-forwarded-proto")) === "https";
}

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export const readSessionToken = (headers: Headers, secure: boolean): string | null =>
  parseCookies(headers.get("cookie")).get(sessionCookieName(secure)) ?? null;

/** Set-Cookie value for a new session. Expires with the session's absolute expiry. */
export function serializeSessionCookie(options: { token: string; secure: boolean; expiresAt: Date; now: number }): string {
  const maxAge = Math.max(0, Math.floor((options.expiresAt.getTime() - options.now) / 1000));
  return [
    `${sessionCookieName(options.secure)}=${options.token}`,
    "Path=/",
    `Max-Age=${maxAge}`,
    `Expires=${options.expiresAt.toUTCString()}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export function serializeClearedSessionCookie(secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=`,
    "Path=/",
    "Max-Age=0",
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/**
 * The client address used for sign-in throttling. Next sets X-Forwarded-For
 * from the socket when the request has none; a reverse proxy appends the
 * address it saw. The rightmost entry is therefore the one added by the
 * nearest hop we actually talk to, never a value the client chose (unless the
 * console is exposed directly, where nothing better exists).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const hops = forwarded.split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 64);
  }
  return headers.get("x-real-ip")?.trim().slice(0, 64) || null;
}

const originOf = (value: string | null): string | null => {
  if (!value || value === "null") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
};

export type CsrfCheck = { ok: true } | { ok: false; reason: "missing_header" | "missing_origin" | "foreign_origin" };

/**
 * A state-changing request must (1) carry our custom header, which a
 * cross-site form or a CORS "simple request" cannot add, and (2) come from our
 * own origin: its Origin (or, failing that, its Referer) must be the public
 * URL's origin or name the same host the request was sent to.
 */
export function checkCsrf(headers: Headers, config: RequestSecurityConfig): CsrfCheck {
  if (headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) return { ok: false, reason: "missing_header" };
  const origin = originOf(headers.get("origin")) ?? originOf(headers.get("referer"));
  if (!origin) return { ok: false, reason: "missing_origin" };

  if (config.publicUrl && new URL(config.publicUrl).origin === origin) return { ok: true };
  const host = firstListValue(headers.get("x-forwarded-host")) ?? headers.get("host");
  if (host && new URL(origin).host.toLowerCase() === host.toLowerCase()) return { ok: true };
  return { ok: false, reason: "foreign_origin" };
}
