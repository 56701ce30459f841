// JSON record shapes of the REST API (protocol part 3, §3): `_Conversation`, message history
// records, subscription records, and the send / update responses.
import { lcDate, type ConversationRecord, type Message, type MemberRoleInfo } from "@parley/core";

/**
 * A `_Conversation` record (§3.2): custom attributes as top-level columns, `m` for normal
 * conversations, `tr`/`sys`/`unique` always, `lm` as a storage Date, `createdAt`/`updatedAt`
 * as ISO strings. `c` only when the conversation has a creator (REST creates have none, §6 item 20).
 */
export function conversationRecord(record: ConversationRecord): Record<string, unknown> {
  const c = record.conversation;
  return {
    objectId: c.id,
    ...(c.name !== null ? { name: c.name } : {}),
    ...c.attributes,
    ...(record.members !== null ? { m: record.members, mu: record.mutedMembers } : {}),
    ...(c.creator ? { c: c.creator } : {}),
    tr: c.kind === "chatroom",
    sys: c.kind === "service",
    unique: c.unique,
    ...(c.uniqueId !== null ? { uniqueId: c.uniqueId } : {}),
    ...(c.lastMessageAt !== null ? { lm: lcDate(c.lastMessageAt) } : {}),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** `{"objectId", "updatedAt"}` of updates and member changes (§2.1.4, §2.1.6). */
export const updatedRecord = (record: ConversationRecord) => ({
  objectId: record.conversation.id,
  updatedAt: record.conversation.updatedAt.toISOString(),
});

/**
 * A message history record (§3.1). `data` is the text, or base64 for binary content.
 * Extra keys in the same style (§3.1 [Rec]): `patch-timestamp`, `recall`, `mention-all`, `mention-pids`.
 * `from-ip` is not recorded by Parley and is left out.
 */
export function messageRecord(message: Message, ackAt: number | null): Record<string, unknown> {
  const content = message.content;
  return {
    "msg-id": message.id,
    timestamp: message.timestamp,
    "conv-id": message.conversationId,
    from: message.from,
    to: message.conversationId,
    data: content.kind === "text" ? content.text : Buffer.from(content.data).toString("base64"),
    bin: content.kind === "binary",
    "is-conv": true,
    "is-room": false,
    ...(ackAt !== null ? { "ack-at": ackAt } : {}),
    ...(message.patchTimestamp !== null ? { "patch-timestamp": message.patchTimestamp } : {}),
    ...(message.recalled ? { recall: true } : {}),
    ...(message.mentionAll ? { "mention-all": true } : {}),
    ...(message.mentionPids.length > 0 ? { "mention-pids": message.mentionPids } : {}),
  };
}

/**
 * The send / broadcast response in both shapes at once (§2.2.1, §6 item 1): the documented
 * top-level `msg-id`/`timestamp`, and the `result` wrapper the live service answered with.
 */
export function sentRecord(id: string, timestamp: number) {
  const sent = { "msg-id": id, timestamp };
  return { ...sent, result: sent };
}

/** A service-conversation subscription (§3.4). */
export const subscriptionRecord = (member: MemberRoleInfo) => ({
  timestamp: member.joinedAt.getTime(),
  subscriber: member.clientId,
  conv_id: member.conversationId,
});
