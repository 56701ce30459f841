// DomainEvent → the SDK's pushes (protocol part 2 §2.4, §4.3, §5.3, §7.3, §8, §9; part 1 §5.2, §6.1, §7.2).
// Pure: who gets which command. The subscriber encodes each command once and writes it to the
// sessions; the REST notification sync replays the permanent ones for one client.
import { PERMANENT_EVENT_TYPES, type DomainEvent } from "@parley/core";
import { CommandType, OpType } from "../protocol/constants.js";
import { directPush, patchItem } from "../protocol/records.js";
import type { ConvCommand, OutboundCommand } from "../protocol/types.js";

export interface PlannedPush {
  /** Client ids whose every online session gets `command`. */
  to: string[];
  command: OutboundCommand;
  /** Session that caused the event: it already knows (its reply), so it is skipped. */
  exceptSessionId?: string | null;
}

type ConvEvent = Extract<DomainEvent, { conversationId: string }>;

/**
 * Permanent notifications carry `serverTs` + `notificationType = 1` so the SDK's REST sync
 * cursor advances past them (part 1 §4.9). Ordinary pushes carry neither.
 */
function conv(event: ConvEvent, op: number, fields: Omit<ConvCommand, "cid" | "initBy"> = {}): OutboundCommand {
  const command: OutboundCommand = { cmd: CommandType.conv, op, convMessage: { cid: event.conversationId, initBy: event.initBy, ...fields } };
  if (PERMANENT_EVENT_TYPES.has(event.type)) {
    command.serverTs = event.at;
    command.notificationType = 1;
  }
  return command;
}

/** Targets get `targetOp`; every other recipient gets `othersOp` with `m` = the targets. */
function split(event: ConvEvent & { recipients: string[] }, targets: string[], targetOp: number, othersOp: number): PlannedPush[] {
  const targeted = new Set(targets);
  const others = event.recipients.filter((id) => !targeted.has(id));
  return [
    { to: event.recipients.filter((id) => targeted.has(id)), command: conv(event, targetOp) },
    { to: others, command: conv(event, othersOp, { m: targets }) },
  ];
}

export function planPushes(event: DomainEvent): PlannedPush[] {
  switch (event.type) {
    case "ConversationCreated":
      return [
        { to: event.recipients, command: conv(event, OpType.joined) },
        { to: event.recipients, command: conv(event, OpType.members_joined, { m: event.members }) },
      ];
    case "MembersJoined": {
      const added = new Set(event.added);
      return [
        { to: event.recipients.filter((id) => added.has(id)), command: conv(event, OpType.joined) },
        { to: event.recipients, command: conv(event, OpType.members_joined, { m: event.added }) },
      ];
    }
    case "MembersLeft":
      return split(event, event.removed, OpType.left, OpType.members_left);
    case "ConversationUpdated":
      return [{ to: event.recipients, command: conv(event, OpType.updated, { attr: { data: JSON.stringify(event.attr) }, udate: event.udate }) }];
    case "MemberRoleChanged":
      return [{ to: event.recipients, command: conv(event, OpType.member_info_changed, { info: { pid: event.clientId, role: event.role } }) }];
    case "MembersSilenced":
      return split(event, event.clientIds, OpType.shutuped, OpType.members_shutuped);
    case "MembersUnsilenced":
      return split(event, event.clientIds, OpType.unshutuped, OpType.members_unshutuped);
    case "MembersBlocked":
      return split(event, event.clientIds, OpType.blocked, OpType.members_blocked);
    case "MembersUnblocked":
      return split(event, event.clientIds, OpType.unblocked, OpType.members_unblocked);
    case "MessagePosted":
      return [
        {
          to: event.recipients,
          command: { cmd: CommandType.direct, directMessage: directPush(event.message, event.transient) },
          exceptSessionId: event.originSessionId,
        },
      ];
    case "MessagePatched":
      return [
        {
          to: event.recipients,
          command: { cmd: CommandType.patch, op: OpType.modify, patchMessage: { patches: [patchItem(event.message, event.recall, event.reason)] } },
        },
      ];
    case "MessagesDelivered":
      // One receipt per message: each becomes DELIVERED on the sender's side.
      return event.receipts.map((r) => ({
        to: [r.from],
        command: { cmd: CommandType.rcp, rcpMessage: { id: r.messageId, cid: event.conversationId, t: r.timestamp, read: false, from: event.clientId } },
      }));
    case "MessagesRead":
      // One receipt per sender, for its newest message now read: raises its lastReadAt.
      return newestPerSender(event.receipts).map((r) => ({
        to: [r.from],
        command: { cmd: CommandType.rcp, rcpMessage: { id: r.messageId, cid: event.conversationId, t: r.timestamp, read: true, from: event.clientId } },
      }));
    case "ConversationDeleted": // the SDK has no push for it
    case "ClientKicked": // sessions, not pushes: see fanout.ts
    case "AppChanged":
      return [];
  }
}

function newestPerSender<T extends { from: string; timestamp: number }>(receipts: readonly T[]): T[] {
  const newest = new Map<string, T>();
  for (const r of receipts) {
    const seen = newest.get(r.from);
    if (!seen || r.timestamp >= seen.timestamp) newest.set(r.from, r);
  }
  return [...newest.values()];
}
