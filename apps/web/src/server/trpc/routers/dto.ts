import type { Conversation, Message, MessageContent } from "@parley/core";

/** Wire shapes: plain JSON-friendly objects (bytes as base64), never domain objects with Uint8Array. */
export type ContentDto = { kind: "text"; text: string } | { kind: "binary"; base64: string };

export const toContentDto = (content: MessageContent): ContentDto =>
  content.kind === "text" ? content : { kind: "binary", base64: Buffer.from(content.data).toString("base64") };

export const toConversationDto = (c: Conversation) => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  creator: c.creator,
  attributes: c.attributes,
  unique: c.unique,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  lastMessageAt: c.lastMessageAt,
  expiresAt: c.expiresAt,
  memberCount: c.memberCount,
});
export type ConversationDto = ReturnType<typeof toConversationDto>;

export const toMessageDto = (m: Message) => ({
  id: m.id,
  timestamp: m.timestamp,
  from: m.from,
  content: toContentDto(m.content),
  lcType: m.lcType,
  mentionAll: m.mentionAll,
  mentionPids: m.mentionPids,
  receipt: m.receipt,
  patchTimestamp: m.patchTimestamp,
  recalled: m.recalled,
  visibleTo: m.visibleTo ? [...m.visibleTo] : null,
});
export type MessageDto = ReturnType<typeof toMessageDto>;
