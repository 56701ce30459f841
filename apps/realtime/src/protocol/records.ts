// Domain objects in the shapes the SDK reads: message content, direct pushes, history items,
// patch items, unread tuples, `_Conversation` query records, PartiallySuccess replies.
import {
  lcDate,
  type BatchFailure,
  type ConversationRecord,
  type HistoryItem,
  type LastMessage,
  type Message,
  type MessageContent,
  type PatchReason,
  type UnreadSummary,
} from "@parley/core";
import { wireErrorForDomain } from "./errors.js";
import type { DirectCommand, ErrorCommand, LogItem, PatchItem, UnreadTuple } from "./types.js";

/** `binaryMsg` wins over `msg` (the SDK sends one of them; part 1 §5.4). */
export function contentFromWire(msg: string | undefined, binaryMsg: Uint8Array | undefined): MessageContent {
  if (binaryMsg !== undefined) return { kind: "binary", data: binaryMsg };
  return { kind: "text", text: msg ?? "" };
}

/** `msg` or `binaryMsg` of a push. */
export function contentToWire(content: MessageContent): { msg: string } | { binaryMsg: Uint8Array } {
  return content.kind === "text" ? { msg: content.text } : { binaryMsg: content.data };
}

/** `data` (+ `bin`) of history items and query records: binary content travels as base64. */
function contentAsData(content: MessageContent): { data: string; bin: boolean } {
  return content.kind === "text" ? { data: content.text, bin: false } : { data: Buffer.from(content.data).toString("base64"), bin: true };
}

const mentions = (m: Pick<Message, "mentionAll" | "mentionPids">) => ({
  ...(m.mentionPids.length > 0 && { mentionPids: m.mentionPids }),
  ...(m.mentionAll && { mentionAll: true }),
});

/** The `direct` push of a message (part 1 §5.2). */
export function directPush(message: Message, transient: boolean): DirectCommand {
  return {
    id: message.id,
    cid: message.conversationId,
    fromPeerId: message.from,
    timestamp: message.timestamp,
    ...contentToWire(message.content),
    ...(transient && { transient: true }),
    ...(message.patchTimestamp !== null && { patchTimestamp: message.patchTimestamp }),
    ...mentions(message),
  };
}

/** One `logs` item (part 1 §8.3). */
export function logItem({ message, ackAt, readAt }: HistoryItem): LogItem {
  const { data, bin } = contentAsData(message.content);
  return {
    msgId: message.id,
    timestamp: message.timestamp,
    from: message.from,
    data,
    ...(bin && { bin: true }),
    ...(message.patchTimestamp !== null && { patchTimestamp: message.patchTimestamp }),
    ...(ackAt !== null && { ackAt }),
    ...(readAt !== null && { readAt }),
    ...mentions(message),
  };
}

/** One `patch` item: the new content of an edited or recalled message (part 1 §7.2). */
export function patchItem(message: Message, recall: boolean, reason?: PatchReason): PatchItem {
  const content = contentToWire(message.content);
  return {
    cid: message.conversationId,
    mid: message.id,
    timestamp: message.timestamp,
    recall,
    ...("msg" in content ? { data: content.msg } : { binaryMsg: content.binaryMsg }),
    patchTimestamp: message.patchTimestamp ?? message.timestamp,
    from: message.from,
    mentionAll: message.mentionAll,
    mentionPids: message.mentionPids,
    // The SDK passes these to MESSAGE_RECALL / MESSAGE_UPDATE listeners; absent = the sender did it.
    ...(reason && { patchCode: reason.code, patchReason: reason.detail ?? "" }),
  };
}

/** One `unread` tuple (part 1 §6.4): `unread` is required on the wire, even when 0. */
export function unreadTuple(summary: UnreadSummary): UnreadTuple {
  const last = summary.lastMessage;
  return {
    cid: summary.conversationId,
    unread: summary.count,
    mentioned: summary.mentioned,
    ...(last && {
      mid: last.id,
      timestamp: last.timestamp,
      from: last.from,
      ...(last.content.kind === "text" ? { data: last.content.text } : { binaryMsg: last.content.data }),
      ...(last.patchTimestamp !== null && { patchTimestamp: last.patchTimestamp }),
    }),
  };
}

/** Raw last-message keys of a query record (part 2 §3.3). */
function lastMessageFields(last: LastMessage): Record<string, unknown> {
  const { data, bin } = contentAsData(last.content);
  return {
    msg: data,
    bin,
    msg_from: last.from,
    msg_mid: last.id,
    msg_timestamp: last.timestamp,
    ...(last.patchTimestamp !== null && { patch_timestamp: last.patchTimestamp }),
  };
}

/**
 * A raw `_Conversation` record for the requester (part 2 §3.3): custom attributes top-level,
 * `m` unless withheld (chat rooms, compact), `muted` per requester, `ttl` only for temporary
 * conversations, `joined`/`joinedAt` only for service conversations.
 */
export function conversationRecord(record: ConversationRecord): Record<string, unknown> {
  const c = record.conversation;
  return {
    ...c.attributes,
    objectId: c.id,
    ...(c.creator !== null && { c: c.creator }),
    ...(record.members !== null && { m: record.members }),
    ...(c.name !== null && { name: c.name }),
    tr: c.kind === "chatroom",
    sys: c.kind === "service",
    mu: record.mutedMembers,
    muted: record.muted,
    unique: c.unique,
    ...(c.uniqueId !== null && { uniqueId: c.uniqueId }),
    ...(c.lastMessageAt !== null && { lm: lcDate(c.lastMessageAt) }),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...(c.lastMessage !== null && lastMessageFields(c.lastMessage)),
    ...(record.ttlSeconds !== null && c.kind === "temporary" && { ttl: record.ttlSeconds }),
    ...(record.joined !== null && { joined: record.joined }),
    ...(record.joinedAt !== null && { joinedAt: record.joinedAt.getTime() }),
  };
}

/** `failedPids` of a PartiallySuccess reply: code AND reason always set (both proto-required). */
export function failedPids(failures: readonly BatchFailure[]): ErrorCommand[] {
  return failures.map((f) => wireErrorForDomain(f.code, f.message, { pids: f.clientIds }).toErrorCommand());
}
