import { z } from "zod";
import { isDomainError } from "../errors.js";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";
import { SignatureInput } from "../shared/signature.js";
import { findUsableToken, issueToken } from "./session-tokens.js";
import { verifyLoginSignature } from "./verify-login-signature.js";

export const RefreshSessionInput = z.object({
  /** The (usually expired) token the SDK holds. */
  sessionToken: z.string().max(512).nullish(),
  signature: SignatureInput.nullish(),
});
export type RefreshSessionInput = z.input<typeof RefreshSessionInput>;

export interface RefreshSessionResult {
  sessionToken: string;
  sessionTokenTtlSeconds: number;
}

/**
 * `session/refresh` (protocol part 1, §4.7) on an open session (the actor). The old token
 * may be expired (that is why the SDK refreshes); one revoked by a tag takeover →
 * SESSION_CONFLICT. When the app requires login signatures, a valid one is required
 * (SIGNATURE_FAILED). The new token keeps the old one's tag and device.
 */
export async function refreshSession(deps: CoreDeps, actor: Actor, input: RefreshSessionInput): Promise<RefreshSessionResult> {
  const p = parseInput(RefreshSessionInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    if (app.settings.signatures.login) verifyLoginSignature(deps, app, { clientId, signature: p.signature });
    let device = { tag: null as string | null, deviceId: null as string | null };
    if (p.sessionToken) {
      try {
        const old = await findUsableToken(deps, tx, app.id, p.sessionToken, clientId, now, { allowExpired: true });
        device = { tag: old.tag, deviceId: old.deviceId };
      } catch (error) {
        if (!isDomainError(error) || error.code !== "SESSION_TOKEN_EXPIRED") throw error;
      }
    }
    const issued = await issueToken(deps, tx, app, clientId, device, now);
    return { sessionToken: issued.sessionToken, sessionTokenTtlSeconds: issued.ttlSeconds };
  });
}
