import { z } from "zod";
import type { Actor } from "../events.js";
import { decodeCursor, toPage } from "../shared/cursor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { assertMayList } from "./targets.js";
import type { Block, ClientIdPage } from "./types.js";

export const ListBlockedInput = z.object({
  conversationId: z.string().min(1),
  /** Default 10 (the SDK's documented server default), at most 1000. */
  limit: z.number().int().min(1).max(1000).default(10),
  /** The previous page's `next`. */
  next: z.string().max(2100).nullish(),
});
export type ListBlockedInput = z.input<typeof ListBlockedInput>;

export interface ListBlockedResult extends ClientIdPage {
  /** The rows behind `clientIds` for the console. */
  blocks: Block[];
}

/** Blacklist `query`: blocked clients (expired blocks excluded) by client id, paged. Members (or server/operator) only. */
export async function listBlocked(deps: CoreDeps, actor: Actor, input: ListBlockedInput): Promise<ListBlockedResult> {
  const p = parseInput(ListBlockedInput, input);
  const after = decodeCursor(p.next);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const conversation = await assertMayList(tx, actor, p.conversationId, now);
    const rows = await tx.moderation.listActiveBlocks(conversation.id, { now: new Date(now), after, limit: p.limit + 1 });
    const page = toPage(rows, p.limit, (b) => b.clientId);
    return { clientIds: page.items.map((b) => b.clientId), next: page.next, blocks: page.items };
  });
}
