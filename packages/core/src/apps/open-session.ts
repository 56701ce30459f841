import { z } from "zod";
import { DomainError } from "../errors.js";
import type { CoreDeps } from "../shared/deps.js";
import { assertValidClientId } from "../shared/client-id.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";
import { SignatureInput } from "../shared/signature.js";
import { CONFLICT_REASON, findUsableToken, issueToken } from "./session-tokens.js";
import { verifyLoginSignature } from "./verify-login-signature.js";

export const OpenSessionInput = z.object({
  appId: z.string().min(1),
  /** `peerId`; absent when the app let the server assign one (an objectId is assigned). */
  clientId: z.string().nullish(),
  /** `sessionMessage.r`: an automatic reconnect. */
  reconnect: z.boolean().default(false),
  /** Single-device login tag (first login only). */
  tag: z.string().max(128).nullish(),
  deviceId: z.string().max(256).nullish(),
  /** `s`/`t`/`n` (first login, when the app signs). */
  signature: SignatureInput.nullish(),
  /** `sessionMessage.st` (reconnects). */
  sessionToken: z.string().max(512).nullish(),
});
export type OpenSessionInput = z.input<typeof OpenSessionInput>;

export interface OpenSessionResult {
  appId: string;
  /** `peerId` of `opened` (the assigned one when none was sent). */
  clientId: string;
  /** `st` and `stTtl` (seconds): a fresh token on every open. */
  sessionToken: string;
  sessionTokenTtlSeconds: number;
  /** `serverTs` of `opened`. */
  serverTs: number;
  /** Tag and device of this session (carried over from the token on reconnects). */
  tag: string | null;
  deviceId: string | null;
}

/**
 * `session/open` (protocol part 1, §4.5–4.8):
 * - unknown app → APP_NOT_FOUND; client id empty/too long/control chars → INVALID_CLIENT_ID;
 * - reconnect with `st`: the token must belong to this client, be unexpired and not revoked
 *   (SESSION_TOKEN_EXPIRED; revoked by a tag takeover → SESSION_CONFLICT). Only an open that
 *   carried an `st` ever gets SESSION_TOKEN_EXPIRED (the SDK retries without it);
 * - reconnect without `st`: accepted unless the app requires login signatures (SIGNATURE_FAILED);
 * - first login: the login signature when required (SIGNATURE_FAILED). With a `tag`, every
 *   other session of the client with that tag on another device is kicked: their tokens are
 *   revoked and `ClientKicked {tag, exceptDeviceId}` is emitted for the fan-out to close them
 *   with 4111 (it must spare the session being opened now).
 */
export async function openSession(deps: CoreDeps, input: OpenSessionInput): Promise<OpenSessionResult> {
  const p = parseInput(OpenSessionInput, input);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const app = await loadApp(tx, p.appId);
    const clientId = p.clientId ?? deps.ids.objectId();
    assertValidClientId(clientId, app.settings.limits.clientIdLength);
    let tag: string | null = null;
    let deviceId: string | null = null;

    if (p.reconnect && p.sessionToken) {
      const token = await findUsableToken(deps, tx, app.id, p.sessionToken, clientId, now);
      tag = token.tag;
      deviceId = token.deviceId;
    } else if (p.reconnect) {
      if (app.settings.signatures.login) throw new DomainError("SIGNATURE_FAILED", "login signature required");
    } else {
      if (app.settings.signatures.login) verifyLoginSignature(deps, app, { clientId, signature: p.signature });
      // "default" is the tag LeanCloud reserves for "no single-device login" (its native SDKs refuse
      // to send it); like an empty tag it kicks nobody and is never kicked.
      tag = p.tag === undefined || p.tag === null || p.tag === "" || p.tag === "default" ? null : p.tag;
      deviceId = p.deviceId ?? null;
      if (tag !== null) {
        await tx.sessionTokens.revokeTagged(app.id, clientId, tag, deviceId, CONFLICT_REASON, new Date(now));
        tx.emit([{ type: "ClientKicked", appId: app.id, clientId, reason: CONFLICT_REASON, at: now, tag, exceptDeviceId: deviceId }]);
      }
    }

    const issued = await issueToken(deps, tx, app, clientId, { tag, deviceId }, now);
    return {
      appId: app.id,
      clientId,
      sessionToken: issued.sessionToken,
      sessionTokenTtlSeconds: issued.ttlSeconds,
      serverTs: now,
      tag,
      deviceId,
    };
  });
}
