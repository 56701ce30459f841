import type { App } from "../../apps/types.js";
import type { Conversation } from "../../conversations/types.js";
import type { Member } from "../../members/types.js";
import type { Message, MessageRevision } from "../../messages/types.js";
import type { Block, Silence } from "../../moderation/types.js";
import type { AuditEntry, SessionToken, StoredNotification } from "../../ports.js";

export interface MemberRow extends Member {
  /** When the read watermark last moved (ms), for `listUnread({ since })`. */
  readChangedAt: number;
}

/** Everything the in-memory repositories hold. Plain data, so `structuredClone` snapshots it. */
export interface MemoryState {
  apps: Map<string, App>;
  /** By id; `memberCount` is derived on read. */
  conversations: Map<string, Conversation>;
  members: Map<string, Map<string, MemberRow>>;
  silences: Map<string, Map<string, Silence>>;
  blocks: Map<string, Map<string, Block>>;
  messages: Map<string, Map<string, Message>>;
  revisions: MessageRevision[];
  /** By `${appId}\0${tokenHash}`. */
  sessionTokens: Map<string, SessionToken>;
  notifications: (StoredNotification & { seq: number })[];
  notificationSeq: number;
  audit: AuditEntry[];
}

export interface InMemoryStore {
  state: MemoryState;
}

export const emptyState = (): MemoryState => ({
  apps: new Map(),
  conversations: new Map(),
  members: new Map(),
  silences: new Map(),
  blocks: new Map(),
  messages: new Map(),
  revisions: [],
  sessionTokens: new Map(),
  notifications: [],
  notificationSeq: 0,
  audit: [],
});

export const createInMemoryStore = (): InMemoryStore => ({ state: emptyState() });

/** Gets the inner map of a two-level map, creating it. */
export function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = outer.get(key);
  if (!m) {
    m = new Map();
    outer.set(key, m);
  }
  return m;
}
