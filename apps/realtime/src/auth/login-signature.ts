// LeanCloud login signature: hex HMAC-SHA1(masterKey, "<appId>:<clientId>::<t>:<n>").
import { createHmac, timingSafeEqual } from "node:crypto";

export interface LoginSignatureInput {
  appId: string;
  clientId: string;
  /** sessionMessage.t exactly as received (seconds or milliseconds). */
  timestamp: number | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  masterKey: string;
  now: number;
  /** Accepted clock distance, ms. Default 6 hours. */
  maxAgeMs?: number;
}

export type LoginSignatureResult = { ok: true } | { ok: false; detail: string };

const DEFAULT_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export function signLogin(masterKey: string, appId: string, clientId: string, timestamp: number, nonce: string): string {
  return createHmac("sha1", masterKey).update(`${appId}:${clientId}::${timestamp}:${nonce}`).digest("hex");
}

/** Values below 10^11 are taken as seconds (10^11 ms is 1973, 10^11 s is year 5138). */
export function signatureTimestampMs(t: number): number {
  return t < 1e11 ? t * 1000 : t;
}

export function verifyLoginSignature(input: LoginSignatureInput): LoginSignatureResult {
  const { timestamp, nonce, signature } = input;
  if (timestamp === undefined || nonce === undefined || signature === undefined || signature === "") {
    return { ok: false, detail: "login signature required (t, n, s)" };
  }
  const age = Math.abs(input.now - signatureTimestampMs(timestamp));
  if (!Number.isFinite(age) || age > (input.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) {
    return { ok: false, detail: "login signature timestamp outside the accepted window" };
  }
  const expected = Buffer.from(signLogin(input.masterKey, input.appId, input.clientId, timestamp, nonce), "utf8");
  const given = Buffer.from(signature.toLowerCase(), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, detail: "login signature mismatch" };
  }
  return { ok: true };
}
