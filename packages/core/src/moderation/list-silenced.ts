import { z } from "zod";
import type { Actor } from "../events.js";
import { decodeCursor, toPage } from "../shared/cursor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { assertMayList } from "./targets.js";
import type { ClientIdPage, Silence } from "./types.js";

export const ListSilencedInput = z.object({
  conversationId: z.string().min(1),
  /** Default 10 (the SDK's documented server default), at most 1000. */
  limit: z.number().int().min(1).max(1000).default(10),
  /** The previous page's `next`. */
  next: z.string().max(2100).nullish(),
});
export type ListSilencedInput = z.input<typeof ListSilencedInput>;

export interface ListSilencedResult extends ClientIdPage {
  /** The rows behind `clientIds` (reason, expiry) for the console. */
  silences: Silence[];
}

/** `query_shutup`: currently silenced clients by client id, paged. Members (or server/operator) only. */
export async function listSilenced(deps: CoreDeps, actor: Actor, input: ListSilencedInput): Promise<ListSilencedResult> {
  const p = parseInput(ListSilencedInput, input);
  const after = decodeCursor(p.next);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const conversation = await assertMayList(tx, actor, p.conversationId, now);
    const rows = await tx.moderation.listActiveSilences(conversation.id, { now: new Date(now), after, limit: p.limit + 1 });
    const page = toPage(rows, p.limit, (s) => s.clientId);
    return { clientIds: page.items.map((s) => s.clientId), next: page.next, silences: page.items };
  });
}
