export type ConversationKind = "normal" | "chatroom" | "service" | "temporary";

/** LeanCloud's numeric conversation types, as other SDKs read them. */
export const CONV_TYPE: Record<ConversationKind, number> = {
  normal: 1,
  chatroom: 2,
  service: 3,
  temporary: 4,
};

/** Attribute values are plain JSON (Dates arrive as {"__type":"Date","iso":…}). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Attributes = { [key: string]: Json };

/** A pointer to the newest message, kept on the conversation for lists and `lm`. */
export interface LastMessage {
  id: string;
  timestamp: number;
  from: string;
  content: MessageContent;
  patchTimestamp: number | null;
  mentionAll: boolean;
  mentionPids: string[];
}

export type MessageContent = { kind: "text"; text: string } | { kind: "binary"; data: Uint8Array };

export interface Conversation {
  appId: string;
  /** 24 lowercase hex chars; temporary conversations use `_tmp:` + 22 chars. */
  id: string;
  kind: ConversationKind;
  name: string | null;
  creator: string | null;
  /** Custom attributes: every `attr` key except the reserved ones, top-level as LeanCloud stores them. */
  attributes: Attributes;
  unique: boolean;
  uniqueId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date | null;
  lastMessage: LastMessage | null;
  /** Temporary conversations only. */
  expiresAt: Date | null;
  /** Member count (normal, temporary), subscriber count (service) or joined count (chat room). */
  memberCount: number;
}

/** Keys the client may not write through `conv update`. */
export const RESERVED_ATTRIBUTE_KEYS = new Set([
  "objectId",
  "m",
  "c",
  "tr",
  "sys",
  "mu",
  "unique",
  "uniqueId",
  "lm",
  "createdAt",
  "updatedAt",
  "ttl",
  "muted",
  "joined",
  "joinedAt",
]);
