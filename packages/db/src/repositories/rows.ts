import type { Conversation, LastMessage, Member, Message, MessageContent } from "@parley/core";
import type { conversationMembers, conversations, messages } from "../schema/index.js";

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof conversationMembers.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export const contentOf = (text: string | null, binary: Uint8Array | null): MessageContent =>
  binary !== null ? { kind: "binary", data: bytes(binary) } : { kind: "text", text: text ?? "" };

export const contentColumns = (content: MessageContent): { text: string | null; binary: Uint8Array | null } =>
  content.kind === "binary" ? { text: null, binary: content.data } : { text: content.text, binary: null };

export const toConversation = (r: ConversationRow): Conversation => ({
  appId: r.appId,
  id: r.id,
  kind: r.kind,
  name: r.name,
  creator: r.creator,
  attributes: r.attributes,
  unique: r.unique,
  uniqueId: r.uniqueId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  lastMessageAt: r.lastMessageAt,
  lastMessage:
    r.lastMessageId !== null && r.lastMessageTimestamp !== null
      ? {
          id: r.lastMessageId,
          timestamp: r.lastMessageTimestamp,
          from: r.lastMessageFrom ?? "",
          content: contentOf(r.lastMessageText, r.lastMessageBinary),
          patchTimestamp: r.lastMessagePatchTimestamp,
          mentionAll: r.lastMessageMentionAll,
          mentionPids: r.lastMessageMentionPids,
        }
      : null,
  expiresAt: r.expiresAt,
  memberCount: r.memberCount,
});

/** The last-message pointer columns for a LastMessage (null clears them). */
export const lastMessageColumns = (lm: LastMessage | null) => {
  const c = lm ? contentColumns(lm.content) : { text: null, binary: null };
  return {
    lastMessageAt: lm ? new Date(lm.timestamp) : null,
    lastMessageId: lm?.id ?? null,
    lastMessageTimestamp: lm?.timestamp ?? null,
    lastMessageFrom: lm?.from ?? null,
    lastMessageText: c.text,
    lastMessageBinary: c.binary,
    lastMessagePatchTimestamp: lm?.patchTimestamp ?? null,
    lastMessageMentionAll: lm?.mentionAll ?? false,
    lastMessageMentionPids: lm?.mentionPids ?? [],
  };
};

export const toMember = (r: MemberRow): Member => ({
  conversationId: r.conversationId,
  clientId: r.clientId,
  role: r.role,
  joinedAt: r.joinedAt,
  pushMuted: r.pushMuted,
  deliveredAt: r.deliveredAt,
  readAt: r.readAt,
});

export const toMessage = (r: MessageRow): Message => ({
  conversationId: r.conversationId,
  id: r.id,
  timestamp: r.timestamp,
  from: r.fromClient,
  content: contentOf(r.contentText, r.contentBinary),
  lcType: r.lcType,
  mentionAll: r.mentionAll,
  mentionPids: r.mentionPids,
  receipt: r.receipt,
  patchTimestamp: r.patchTimestamp,
  recalled: r.recalled,
  pushData: r.pushData,
  priority: r.priority,
  visibleTo: r.visibleTo,
});

export const messageRow = (m: Message): MessageRow => {
  const c = contentColumns(m.content);
  return {
    conversationId: m.conversationId,
    id: m.id,
    timestamp: m.timestamp,
    fromClient: m.from,
    contentText: c.text,
    contentBinary: c.binary,
    lcType: m.lcType,
    mentionAll: m.mentionAll,
    mentionPids: m.mentionPids,
    receipt: m.receipt,
    patchTimestamp: m.patchTimestamp,
    recalled: m.recalled,
    pushData: m.pushData,
    priority: m.priority,
    visibleTo: m.visibleTo ? [...m.visibleTo] : null,
  };
};
