import { AppSettings, type App, type Conversation, type ConversationKind, type Member, type Message } from "@parley/core";

/** Plain domain objects for db tests (no core use cases involved). */
export const T0 = Date.UTC(2025, 0, 1);

let seq = 0;
const hex = (n: number) => n.toString(16).padStart(24, "0");
export const nextObjectId = (): string => hex(++seq + Math.floor(Math.random() * 1e9) * 1000);

export const app = (id = "app-1", at = new Date(T0)): App => ({
  id,
  name: `App ${id}`,
  key: `${id}-key`,
  masterKey: `${id}-master`,
  settings: AppSettings.parse({}),
  createdAt: at,
  updatedAt: at,
});

export const conversation = (appId: string, o: Partial<Conversation> & { kind?: ConversationKind } = {}): Conversation => {
  const at = o.createdAt ?? new Date(T0);
  return {
    appId,
    id: o.id ?? nextObjectId(),
    kind: o.kind ?? "normal",
    name: o.name ?? null,
    creator: o.creator ?? null,
    attributes: o.attributes ?? {},
    unique: o.unique ?? false,
    uniqueId: o.uniqueId ?? null,
    createdAt: at,
    updatedAt: o.updatedAt ?? at,
    lastMessageAt: o.lastMessageAt ?? null,
    lastMessage: o.lastMessage ?? null,
    expiresAt: o.expiresAt ?? null,
    memberCount: 0,
  };
};

export const member = (conversationId: string, clientId: string, o: Partial<Member> = {}): Member => ({
  conversationId,
  clientId,
  role: o.role ?? "Member",
  joinedAt: o.joinedAt ?? new Date(T0),
  pushMuted: o.pushMuted ?? false,
  deliveredAt: o.deliveredAt ?? 0,
  readAt: o.readAt ?? 0,
});

export const message = (conversationId: string, o: Partial<Message> & { timestamp: number }): Message => ({
  conversationId,
  id: o.id ?? `m${o.timestamp}${Math.random().toString(36).slice(2, 8)}`,
  timestamp: o.timestamp,
  from: o.from ?? "alice",
  content: o.content ?? { kind: "text", text: `{"_lctype":-1,"_lctext":"hi ${o.timestamp}"}` },
  lcType: o.lcType === undefined ? -1 : o.lcType,
  mentionAll: o.mentionAll ?? false,
  mentionPids: o.mentionPids ?? [],
  receipt: o.receipt ?? false,
  patchTimestamp: o.patchTimestamp ?? null,
  recalled: o.recalled ?? false,
  pushData: o.pushData ?? null,
  priority: o.priority ?? null,
  visibleTo: o.visibleTo ?? null,
});

export const lastMessageOf = (m: Message) => ({
  id: m.id,
  timestamp: m.timestamp,
  from: m.from,
  content: m.content,
  patchTimestamp: m.patchTimestamp,
  mentionAll: m.mentionAll,
  mentionPids: m.mentionPids,
});
