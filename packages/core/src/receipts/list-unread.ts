import { z } from "zod";
import type { Actor } from "../events.js";
import type { UnreadSummary } from "../ports.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";

export const ListUnreadInput = z.object({
  /** `lastUnreadNotifTime` from session open: only conversations with activity after it. */
  since: z.number().int().nullish(),
});
export type ListUnreadInput = z.input<typeof ListUnreadInput>;

export interface ListUnreadResult {
  /** `notifTime` of the `unread` push: server time of this snapshot. */
  notifTime: number;
  /** One `UnreadTuple` each; counts capped at the app's `unreadCountCap`. */
  conversations: UnreadSummary[];
}

/**
 * The `unread` push after `session/opened` (protocol part 1, §6.4). Without `since`:
 * every conversation with unread messages; with it: the conversations whose last
 * message or read state changed after it (counts may be 0). Own messages, transient
 * messages and chat rooms never count.
 */
export async function listUnread(deps: CoreDeps, actor: Actor, input: ListUnreadInput): Promise<ListUnreadResult> {
  const p = parseInput(ListUnreadInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    const conversations = await tx.receipts.listUnread(app.id, clientId, {
      cap: app.settings.limits.unreadCountCap,
      since: p.since ?? undefined,
      now: new Date(now),
    });
    return { notifTime: now, conversations };
  });
}
