import { z } from "zod";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";
import { findUsableToken } from "./session-tokens.js";

export const VerifySessionTokenInput = z.object({
  appId: z.string().min(1),
  sessionToken: z.string().min(1).max(512),
  /** `client_id` of the REST call, when it names one: it must match the token. */
  clientId: z.string().nullish(),
});
export type VerifySessionTokenInput = z.input<typeof VerifySessionTokenInput>;

export interface VerifySessionTokenResult {
  appId: string;
  clientId: string;
  tag: string | null;
  deviceId: string | null;
  expiresAt: Date;
}

/**
 * `X-LC-IM-Session-Token` on the SDK's REST calls (member info, notifications).
 * Unknown app → APP_NOT_FOUND; bad, expired, revoked or another client's token →
 * SESSION_TOKEN_EXPIRED (tag takeover → SESSION_CONFLICT).
 */
export async function verifySessionToken(deps: CoreDeps, input: VerifySessionTokenInput): Promise<VerifySessionTokenResult> {
  const p = parseInput(VerifySessionTokenInput, input);
  return deps.uow.run(async (tx) => {
    const app = await loadApp(tx, p.appId);
    const token = await findUsableToken(deps, tx, app.id, p.sessionToken, p.clientId ?? null, deps.clock.now());
    return { appId: app.id, clientId: token.clientId, tag: token.tag, deviceId: token.deviceId, expiresAt: token.expiresAt };
  });
}
