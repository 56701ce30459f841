import type { App } from "./types.js";
import { DomainError } from "../errors.js";
import type { SessionToken, Transaction } from "../ports.js";
import type { CoreDeps } from "../shared/deps.js";

/** Reason recorded on tokens revoked because another device took over their tag. */
export const CONFLICT_REASON = "conflict";

export interface IssuedToken {
  sessionToken: string;
  /** `stTtl`. */
  ttlSeconds: number;
  expiresAt: Date;
}

export async function issueToken(
  deps: CoreDeps,
  tx: Transaction,
  app: App,
  clientId: string,
  device: { tag: string | null; deviceId: string | null },
  now: number,
): Promise<IssuedToken> {
  const sessionToken = deps.crypto.randomToken(32);
  const ttlSeconds = app.settings.limits.sessionTokenTtlSeconds;
  const expiresAt = new Date(now + ttlSeconds * 1000);
  await tx.sessionTokens.insert({
    tokenHash: deps.crypto.sha1Hex(sessionToken),
    appId: app.id,
    clientId,
    tag: device.tag,
    deviceId: device.deviceId,
    issuedAt: new Date(now),
    expiresAt,
    revokedAt: null,
    revokedReason: null,
  });
  return { sessionToken, ttlSeconds, expiresAt };
}

/**
 * A token that is usable right now for `clientId` (when given): revoked by a tag
 * takeover → SESSION_CONFLICT; unknown, another client's, expired or otherwise revoked
 * → SESSION_TOKEN_EXPIRED.
 */
export async function findUsableToken(
  deps: CoreDeps,
  tx: Transaction,
  appId: string,
  token: string,
  clientId: string | null,
  now: number,
  options: { allowExpired?: boolean } = {},
): Promise<SessionToken> {
  const found = await tx.sessionTokens.get(appId, deps.crypto.sha1Hex(token));
  if (!found || (clientId !== null && found.clientId !== clientId)) {
    throw new DomainError("SESSION_TOKEN_EXPIRED", "unknown session token");
  }
  if (found.revokedAt !== null) {
    if (found.revokedReason === CONFLICT_REASON) throw new DomainError("SESSION_CONFLICT", "logged in on another device");
    throw new DomainError("SESSION_TOKEN_EXPIRED", "session token revoked");
  }
  if (!options.allowExpired && found.expiresAt.getTime() <= now) throw new DomainError("SESSION_TOKEN_EXPIRED", "session token expired");
  return found;
}
