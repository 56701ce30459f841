import { AppSettings, type App } from "../../apps/types.js";
import type { Conversation, ConversationKind } from "../../conversations/types.js";
import type { DomainEvent } from "../../events.js";
import type { Member } from "../../members/types.js";
import type { Message } from "../../messages/types.js";
import type { EventPublisher, Transaction, UnitOfWork } from "../../ports.js";

/** What an implementation under test provides to a contract suite. */
export interface ContractHarness {
  /** A unit of work publishing to the `publisher` given to the factory. */
  uow: UnitOfWork;
  /** Called once after the suite. */
  close?: () => Promise<void>;
}

/**
 * Builds the implementation under test. Called once per suite (`beforeAll`); the suites
 * use fresh random ids for everything, so one database can serve every suite.
 */
export type MakeContractHarness = (publisher: EventPublisher) => Promise<ContractHarness>;

/** A publisher that records batches. */
export function recordingPublisher(): EventPublisher & { batches: DomainEvent[][]; fail: boolean } {
  const publisher = {
    batches: [] as DomainEvent[][],
    fail: false,
    async publish(events: readonly DomainEvent[]) {
      publisher.batches.push([...events]);
      if (publisher.fail) throw new Error("publish failed (test)");
    },
  };
  return publisher;
}

const HEX = "0123456789abcdef";
const SAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const random = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");

/** A fresh random 24-hex id (conversations, apps, audit rows). */
export const objectId = () => random(HEX, 24);
/** A fresh random prefix, so ids a test builds in order still sort in that order. */
export const prefix = (n = 12) => random(SAFE, n);
/** A fresh app id. */
export const appIdOf = () => `app-${random(SAFE, 16)}`;

export const T0 = Date.UTC(2024, 0, 1);

export function appOf(overrides: Partial<App> = {}): App {
  return {
    id: appIdOf(),
    name: "Contract app",
    key: "key-0123456789",
    masterKey: "master-0123456789",
    settings: AppSettings.parse({}),
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    ...overrides,
  };
}

export function conversationOf(appId: string, overrides: Partial<Conversation> = {}): Conversation {
  const kind: ConversationKind = overrides.kind ?? "normal";
  return {
    appId,
    id: kind === "temporary" ? `_tmp:${random(SAFE, 22)}` : objectId(),
    kind,
    name: null,
    creator: "alice",
    attributes: {},
    unique: false,
    uniqueId: null,
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    lastMessageAt: null,
    lastMessage: null,
    expiresAt: null,
    memberCount: 0,
    ...overrides,
  };
}

export function memberOf(conversationId: string, clientId: string, overrides: Partial<Member> = {}): Member {
  return {
    conversationId,
    clientId,
    role: "Member",
    joinedAt: new Date(T0),
    pushMuted: false,
    deliveredAt: 0,
    readAt: 0,
    ...overrides,
  };
}

export function messageOf(conversationId: string, overrides: Partial<Message> = {}): Message {
  return {
    conversationId,
    id: random(SAFE, 22),
    timestamp: T0 + 1000,
    from: "alice",
    content: { kind: "text", text: '{"_lctype":-1,"_lctext":"hi"}' },
    lcType: -1,
    mentionAll: false,
    mentionPids: [],
    receipt: false,
    patchTimestamp: null,
    recalled: false,
    pushData: null,
    priority: null,
    visibleTo: null,
    ...overrides,
  };
}

/** Inserts a conversation with member rows (their conversationId is filled in) in one transaction. */
export async function seedConversation(
  uow: UnitOfWork,
  conversation: Conversation,
  members: (string | Member)[] = [],
): Promise<Conversation> {
  await uow.run(async (tx: Transaction) => {
    await tx.conversations.insert(conversation);
    await tx.members.insert(members.map((m) => (typeof m === "string" ? memberOf(conversation.id, m) : { ...m, conversationId: conversation.id })));
  });
  return conversation;
}
