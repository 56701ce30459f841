import { z } from "zod";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";

export const CloseSessionInput = z.object({
  /** The token issued to the session being closed. */
  sessionToken: z.string().min(1).max(512),
});
export type CloseSessionInput = z.input<typeof CloseSessionInput>;

export interface CloseSessionResult {
  closed: true;
}

/**
 * `session/close` (a clean logout): revokes the session's token so it cannot reconnect.
 * The adapter also drops the session's held will message. Tokens of other clients are left alone.
 */
export async function closeSession(deps: CoreDeps, actor: Actor, input: CloseSessionInput): Promise<CloseSessionResult> {
  const p = parseInput(CloseSessionInput, input);
  const clientId = requireClient(actor);
  await deps.uow.run(async (tx) => {
    const hash = deps.crypto.sha1Hex(p.sessionToken);
    const token = await tx.sessionTokens.get(actor.appId, hash);
    if (token && token.clientId === clientId) await tx.sessionTokens.revoke(actor.appId, hash, "closed", new Date(deps.clock.now()));
  });
  return { closed: true };
}
