import { z } from "zod";
import type { Actor } from "../events.js";
import type { Message } from "../messages/types.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";

export const ListUndeliveredInput = z.object({
  /** At most this many messages, oldest first. */
  limit: z.number().int().min(1).max(1000).default(500),
});
export type ListUndeliveredInput = z.input<typeof ListUndeliveredInput>;

export interface ListUndeliveredResult {
  messages: Message[];
  /** More undelivered messages exist beyond `limit`. */
  hasMore: boolean;
}

/**
 * Offline messages for protocol-version-1 clients (the v4 SDK's `pushOfflineMessages`, protocol
 * part 1 §5.3): stored messages of the client's conversations past its delivery watermark, oldest
 * first. The client acks what it receives, which raises the watermark, so a later login resumes
 * after them.
 */
export async function listUndelivered(deps: CoreDeps, actor: Actor, input: ListUndeliveredInput): Promise<ListUndeliveredResult> {
  const p = parseInput(ListUndeliveredInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const rows = await tx.receipts.listUndelivered(actor.appId, clientId, { limit: p.limit + 1, now: new Date(deps.clock.now()) });
    return { messages: rows.slice(0, p.limit), hasMore: rows.length > p.limit };
  });
}
