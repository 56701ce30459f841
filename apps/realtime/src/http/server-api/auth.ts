// Who is calling (protocol part 3, §1.2): X-LC-Id plus X-LC-Key ("<app key>" or "<master key>,master")
// or X-LC-Sign ("md5(timestamp + key),timestamp[,master]"), and the legacy X-AVOSCloud-* aliases.
// When several credentials come, the highest privilege any of them proves wins.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { getApp, isDomainError, type App, type CoreDeps } from "@parley/core";
import { unauthorized } from "./errors.js";

export type Privilege = "master" | "app";

/** Allowed clock skew of an X-LC-Sign timestamp (LeanCloud documents none; §1.2 [Rec]). */
export const SIGN_SKEW_MS = 15 * 60 * 1000;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Constant-time string equality (digests first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

/** X-LC-Key: `<master>,master` proves master, `<app key>` the app key. */
function keyPrivilege(app: App, key: string | undefined): Privilege | null {
  if (key === undefined) return null;
  if (key.endsWith(",master")) return safeEqual(key.slice(0, -",master".length), app.masterKey) ? "master" : null;
  return safeEqual(key, app.key) ? "app" : null;
}

/** X-LC-Sign: lowercase hex md5 of the decimal ms timestamp followed by the key, within the skew. */
function signPrivilege(app: App, sign: string | undefined, now: number): Privilege | null {
  if (sign === undefined) return null;
  const [digest, timestamp, suffix, ...rest] = sign.split(",");
  if (!digest || !timestamp || !/^\d{1,16}$/.test(timestamp) || rest.length > 0) return null;
  if (suffix !== undefined && suffix !== "master") return null;
  if (Math.abs(now - Number(timestamp)) > SIGN_SKEW_MS) return null;
  const master = suffix === "master";
  const expected = createHash("md5").update(timestamp + (master ? app.masterKey : app.key), "utf8").digest("hex");
  if (!safeEqual(digest, expected)) return null;
  return master ? "master" : "app";
}

const rank = (p: Privilege | null) => (p === "master" ? 2 : p === "app" ? 1 : 0);

/**
 * The app named by X-LC-Id and the privilege the request proves. No app id, an unknown app
 * or no valid credential → 401 `{"code": 401, "error": "Unauthorized."}`.
 */
export async function authenticate(deps: CoreDeps, headers: IncomingHttpHeaders): Promise<{ app: App; privilege: Privilege }> {
  const appId = header(headers, "x-lc-id") ?? header(headers, "x-avoscloud-application-id");
  if (!appId) throw unauthorized();
  let app: App;
  try {
    app = await getApp(deps, { kind: "server", appId, clientId: "" }, { appId });
  } catch (err) {
    if (isDomainError(err) && (err.code === "APP_NOT_FOUND" || err.code === "INVALID_INPUT")) throw unauthorized();
    throw err;
  }
  const now = deps.clock.now();
  const legacyMaster = header(headers, "x-avoscloud-master-key");
  const proven = [
    keyPrivilege(app, header(headers, "x-lc-key")),
    keyPrivilege(app, header(headers, "x-avoscloud-application-key")),
    legacyMaster === undefined ? null : safeEqual(legacyMaster, app.masterKey) ? ("master" as const) : null,
    signPrivilege(app, header(headers, "x-lc-sign"), now),
    signPrivilege(app, header(headers, "x-avoscloud-request-sign"), now),
  ];
  const best = proven.reduce<Privilege | null>((a, b) => (rank(b) > rank(a) ? b : a), null);
  if (best === null) throw unauthorized();
  return { app, privilege: best };
}
