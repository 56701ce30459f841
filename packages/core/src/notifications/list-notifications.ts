import { z } from "zod";
import type { Actor } from "../events.js";
import type { StoredNotification } from "../ports.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";

export const ListNotificationsInput = z.object({
  /** `start_ts` (ms): only notifications with a later `serverTs`. */
  since: z.number().int().min(0),
  /** Soft page size: a page never splits notifications with equal `serverTs`. */
  limit: z.number().int().min(1).max(1000).default(100),
});
export type ListNotificationsInput = z.input<typeof ListNotificationsInput>;

export interface ListNotificationsResult {
  /** Ascending by serverTs; each holds the event as emitted, to be rendered for this client. */
  notifications: StoredNotification[];
  hasMore: boolean;
}

/**
 * GET /1.1/rtm/notifications (protocol part 1, §4.9; part 2, §16): the permanent
 * notifications (membership, attribute, role, block and silence changes) the client
 * may have missed, kept per recipient when the change happened.
 */
export async function listNotifications(deps: CoreDeps, actor: Actor, input: ListNotificationsInput): Promise<ListNotificationsResult> {
  const p = parseInput(ListNotificationsInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const page = await tx.notifications.listSince(actor.appId, clientId, p.since, p.limit);
    return { notifications: page.items, hasMore: page.hasMore };
  });
}
