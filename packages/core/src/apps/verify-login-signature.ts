import { z } from "zod";
import { DomainError } from "../errors.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { checkSignature, SignatureInput } from "../shared/signature.js";
import type { App } from "./types.js";

export const VerifyLoginSignatureInput = z.object({
  clientId: z.string().min(1),
  signature: SignatureInput.nullish(),
});
export type VerifyLoginSignatureInput = z.input<typeof VerifyLoginSignatureInput>;

export type VerifyLoginSignatureResult = void;

/**
 * Login signature (protocol part 1, §4.6): HMAC-SHA1 hex (compared case-insensitively)
 * of `appId:clientId::t:n` keyed with the master key; `t` in seconds or milliseconds
 * (below 1e11 = seconds) and within 6 hours of server time. Missing or wrong → SIGNATURE_FAILED.
 */
export function verifyLoginSignature(
  deps: Pick<CoreDeps, "clock" | "crypto">,
  app: Pick<App, "id" | "masterKey">,
  input: VerifyLoginSignatureInput,
): VerifyLoginSignatureResult {
  const p = parseInput(VerifyLoginSignatureInput, input);
  const ok = checkSignature(deps, app.masterKey, p.signature, (t, n) => `${app.id}:${p.clientId}::${t}:${n}`);
  if (!ok) throw new DomainError("SIGNATURE_FAILED", "login signature check failed");
}
