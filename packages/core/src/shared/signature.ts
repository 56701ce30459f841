import { z } from "zod";
import type { Clock, Crypto } from "../ports.js";

/** `s`/`t`/`n` as the SDK sends them. `t` is the decimal text of the int64 exactly as received. */
export const SignatureInput = z.object({
  s: z.string().min(1).max(256),
  t: z.union([z.string().regex(/^-?\d{1,20}$/), z.number().int()]),
  n: z.string().max(256),
});
export type SignatureInput = z.input<typeof SignatureInput>;

/** How far a signature's timestamp may be from server time. */
export const SIGNATURE_FRESHNESS_MS = 6 * 60 * 60 * 1000;

/** Signature timestamps arrive in seconds or milliseconds; below 1e11 they are seconds. */
export const signatureTimestampMs = (t: number): number => (Math.abs(t) < 1e11 ? t * 1000 : t);

/**
 * Checks an HMAC-SHA1 (hex, case-insensitive) over `parts` joined by `:` with `t` and `n`
 * inserted where `tn` says, keyed with the master key, and that `t` is within the freshness window.
 * `buildMessage` receives t (as received) and n and returns the text to sign.
 */
export function checkSignature(
  deps: { clock: Clock; crypto: Crypto },
  masterKey: string,
  signature: SignatureInput | null | undefined,
  buildMessage: (t: string, n: string) => string,
): boolean {
  if (!signature) return false;
  const parsed = SignatureInput.safeParse(signature);
  if (!parsed.success) return false;
  const tText = String(parsed.data.t);
  const tMs = signatureTimestampMs(Number(tText));
  if (!Number.isFinite(tMs) || Math.abs(deps.clock.now() - tMs) > SIGNATURE_FRESHNESS_MS) return false;
  const expected = deps.crypto.hmacSha1Hex(masterKey, buildMessage(tText, parsed.data.n));
  return deps.crypto.timingSafeEqualHex(expected, parsed.data.s);
}

/**
 * Conversation and blacklist action signatures (protocol part 2, §13.2):
 * `appId:clientId:cid:sorted_ids:t:n:action`. Any of `actions` is accepted (the official
 * words are invite/kick; 4.3.1 apps may sign add/remove).
 */
export function checkActionSignature(
  deps: { clock: Clock; crypto: Crypto },
  masterKey: string,
  signature: SignatureInput | null | undefined,
  fields: { appId: string; clientId: string; conversationId: string; clientIds: readonly string[] },
  actions: readonly string[],
): boolean {
  const sorted = [...fields.clientIds].sort().join(":");
  return actions.some((action) =>
    checkSignature(deps, masterKey, signature, (t, n) =>
      [fields.appId, fields.clientId, fields.conversationId, sorted, t, n, action].join(":"),
    ),
  );
}
