// The bus subscriber: every committed domain event (this node's, another node's, the console's)
// becomes pushes to the online sessions on this node. Each command is encoded once per event
// (SessionHub.push: one PreparedCommand, peerId appended per recipient).
import type { DomainEvent, EventBus, EventOf } from "@parley/core";
import type { RealtimeServices } from "../handlers/types.js";
import { sessionClosedPush } from "../handlers/session.js";
import { errorCodes } from "../protocol/errors.js";
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

export function deliverEvent(services: RealtimeServices, event: DomainEvent): void {
  if (event.type === "ClientKicked") return kick(services, event);
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
