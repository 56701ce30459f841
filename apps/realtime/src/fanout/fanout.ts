// The bus subscriber: every committed domain event (this node's, another node's, the console's)
// becomes pushes to the online sessions on this node. Each command is encoded once per event
// (SessionHub.push: one PreparedCommand, peerId appended per recipient).
import { listUnread, type DomainEvent, type EventBus, type EventOf } from "@parley/core";
import type { RealtimeServices } from "../handlers/types.js";
import { sessionClosedPush } from "../handlers/session.js";
import { CommandType } from "../protocol/constants.js";
import { errorCodes } from "../protocol/errors.js";
import { unreadTuple } from "../protocol/records.js";
import { planPushes } from "./event-pushes.js";

/** Single-device login (tag takeover) or a kick from the console/REST: close the sessions here. */
function kick(services: RealtimeServices, event: EventOf<"ClientKicked">): void {
  const conflict = event.tag !== undefined && event.tag !== null;
  const losers = [...services.hub.sessionsOf(event.appId, event.clientId)].filter(
    (s) => !conflict || (s.tag === event.tag && s.deviceId !== (event.exceptDeviceId ?? null)),
  );
  if (losers.length === 0) return;
  const push = conflict
    ? sessionClosedPush(errorCodes.SESSION_CONFLICT.code, "SESSION_CONFLICT", "logged in on another device")
    : sessionClosedPush(errorCodes.KICKED_BY_APP.code, event.reason ?? "KICKED_BY_APP", "kicked by the server");
  services.hub.pushToSessions(losers, push);
  for (const loser of losers) services.endSession(loser, conflict ? "conflict" : "kicked");
}

/**
 * Multi-device read sync (protocol part 1, §6.4): after a client reads on one device, its other
 * sessions on this node get an `unread` push with the conversation's new count, so every device
 * shows the same badge without waiting for the next login.
 */
function syncReadState(services: RealtimeServices, event: EventOf<"MessagesRead">): void {
  const others = [...services.hub.sessionsOf(event.appId, event.clientId)].filter((s) => s.id !== event.originSessionId);
  if (others.length === 0) return;
  listUnread(services.core, { kind: "client", appId: event.appId, clientId: event.clientId }, { since: event.at - 1 })
    .then((unread) => {
      const summary = unread.conversations.find((c) => c.conversationId === event.conversationId);
      const tuple = summary ? unreadTuple(summary) : { cid: event.conversationId, unread: 0, mentioned: false };
      const live = others.filter((s) => services.hub.sessionsOf(event.appId, event.clientId).has(s));
      services.hub.pushToSessions(live, { cmd: CommandType.unread, unreadMessage: { notifTime: unread.notifTime, convs: [tuple] } });
    })
    .catch((err: unknown) => services.logger.warn("read-state sync failed", { clientId: event.clientId, err }));
}

export function deliverEvent(services: RealtimeServices, event: DomainEvent): void {
  if (event.type === "ClientKicked") return kick(services, event);
  if (event.type === "MessagesRead") syncReadState(services, event);
  for (const push of planPushes(event)) {
    if (push.to.length > 0) services.hub.push(event.appId, push.to, push.command, { exceptSessionId: push.exceptSessionId });
  }
}

/** Subscribes the fan-out to the bus; returns the unsubscribe function. */
export function subscribeFanout(bus: EventBus, services: RealtimeServices): () => void {
  return bus.subscribe((events) => {
    for (const event of events) {
      try {
        deliverEvent(services, event);
      } catch (err) {
        services.logger.error("fan-out failed", { type: event.type, err });
      }
    }
  });
}
