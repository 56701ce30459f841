import { z } from "zod";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import type { Message } from "./types.js";

export const ListPatchesSinceInput = z.object({
  /** `lastPatchTime` from session open (ms). */
  since: z.number().int(),
  limit: z.number().int().min(1).max(1000).default(500),
});
export type ListPatchesSinceInput = z.input<typeof ListPatchesSinceInput>;

export interface ListPatchesSinceResult {
  /** Ascending by patchTimestamp: push them as one `patch` command after `opened`. */
  messages: Message[];
  /** More patches exist after the last one (ask again from its patchTimestamp). */
  hasMore: boolean;
}

/** Messages edited or recalled after `since` in the client's conversations (protocol part 1, §7.4). */
export async function listPatchesSince(deps: CoreDeps, actor: Actor, input: ListPatchesSinceInput): Promise<ListPatchesSinceResult> {
  const p = parseInput(ListPatchesSinceInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const rows = await tx.messages.listPatchedSince(actor.appId, clientId, p.since, p.limit + 1);
    return { messages: rows.slice(0, p.limit), hasMore: rows.length > p.limit };
  });
}
