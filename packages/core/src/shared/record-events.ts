import type { DomainEvent, DomainEventType } from "../events.js";
import type { StoredNotification, Transaction } from "../ports.js";

/**
 * Changes a client must learn about even if it was offline: they are kept per recipient
 * for GET /1.1/rtm/notifications (LeanCloud's "permanent" notifications).
 */
export const PERMANENT_EVENT_TYPES: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  "ConversationCreated",
  "MembersJoined",
  "MembersLeft",
  "ConversationUpdated",
  "MemberRoleChanged",
  "MembersSilenced",
  "MembersUnsilenced",
  "MembersBlocked",
  "MembersUnblocked",
]);

/** Queues events on the unit of work and keeps the permanent ones for each recipient. */
export async function recordEvents(tx: Transaction, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  tx.emit(events);
  const notifications: StoredNotification[] = [];
  for (const event of events) {
    if (!PERMANENT_EVENT_TYPES.has(event.type) || !("recipients" in event)) continue;
    for (const clientId of new Set(event.recipients)) {
      notifications.push({ appId: event.appId, clientId, serverTs: event.at, event });
    }
  }
  if (notifications.length > 0) await tx.notifications.append(notifications);
}
