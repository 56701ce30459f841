import { AppSettings, type App, type AppSettingsInput } from "../apps/types.js";
import type { Attributes, Conversation, ConversationKind, MessageContent } from "../conversations/types.js";
import type { Actor, DomainEvent, OperatorRole } from "../events.js";
import type { MemberRole } from "../members/types.js";
import type { Message } from "../messages/types.js";
import type { CoreDeps } from "../shared/deps.js";
import { createManualClock, TEST_EPOCH, type ManualClock } from "./clock.js";
import { createTestCrypto } from "./crypto.js";
import { createInMemoryEventBus, type RecordingEventBus } from "./event-bus.js";
import { createSequentialIds } from "./ids.js";
import { createInMemoryStore, type InMemoryStore } from "./memory/state.js";
import { createInMemoryUnitOfWork } from "./memory/unit-of-work.js";
import { createInMemoryPresence, type InMemoryPresence } from "./presence.js";

export interface TestContext {
  deps: CoreDeps & { presence: InMemoryPresence };
  store: InMemoryStore;
  bus: RecordingEventBus;
  clock: ManualClock;
  presence: InMemoryPresence;
  /** Every event published so far. */
  events(): DomainEvent[];
  /** Published events of one type. */
  eventsOf<T extends DomainEvent["type"]>(type: T): Extract<DomainEvent, { type: T }>[];
  clearEvents(): void;
}

/** A complete set of in-memory ports, wired as a composition root would. */
export function createTestContext(options: { now?: number; autoAdvanceMs?: number } = {}): TestContext {
  const store = createInMemoryStore();
  const bus = createInMemoryEventBus();
  const clock = createManualClock(options.now ?? TEST_EPOCH, { autoAdvanceMs: options.autoAdvanceMs });
  const presence = createInMemoryPresence();
  const uow = createInMemoryUnitOfWork(store, bus);
  const deps = { uow, clock, ids: createSequentialIds(), crypto: createTestCrypto(), presence };
  return {
    deps,
    store,
    bus,
    clock,
    presence,
    events: () => bus.events(),
    eventsOf: <T extends DomainEvent["type"]>(type: T) =>
      bus.events().filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type),
    clearEvents: () => bus.clear(),
  };
}

export const clientActor = (appId: string, clientId: string): Actor => ({ kind: "client", appId, clientId });
export const serverActor = (appId: string, clientId = "server"): Actor => ({ kind: "server", appId, clientId });
export const operatorActor = (appId: string, role: OperatorRole = "admin", displayAs = "admin", operatorId = "op-1"): Actor => ({
  kind: "operator",
  appId,
  operatorId,
  role,
  displayAs,
});

export interface MakeAppOptions {
  id?: string;
  name?: string;
  key?: string;
  masterKey?: string;
  settings?: AppSettingsInput;
}

/** Inserts an app directly (no events). */
export async function makeApp(ctx: Pick<TestContext, "deps">, options: MakeAppOptions = {}): Promise<App> {
  const now = new Date(ctx.deps.clock.now());
  const app: App = {
    id: options.id ?? "app-1",
    name: options.name ?? "Test app",
    key: options.key ?? "app-key",
    masterKey: options.masterKey ?? "master-key",
    settings: AppSettings.parse(options.settings ?? {}),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.deps.uow.run((tx) => tx.apps.insert(app));
  return app;
}

export interface MakeConversationOptions {
  appId: string;
  id?: string;
  kind?: ConversationKind;
  creator?: string | null;
  /** Member rows to create; the creator is added for normal/temporary/chatroom unless `members` is given explicitly with it left out. */
  members?: string[];
  roles?: Record<string, MemberRole>;
  name?: string | null;
  attributes?: Attributes;
  unique?: boolean;
  uniqueId?: string | null;
  createdAt?: number;
  expiresAt?: number | null;
  mutedBy?: string[];
}

/** Inserts a conversation and its member rows directly (no events, no policy). */
export async function makeConversation(ctx: Pick<TestContext, "deps">, o: MakeConversationOptions): Promise<Conversation> {
  const kind = o.kind ?? "normal";
  const created = new Date(o.createdAt ?? ctx.deps.clock.now());
  const creator = o.creator === undefined ? (o.members?.[0] ?? null) : o.creator;
  const memberIds = o.members ?? (creator ? [creator] : []);
  const conversation: Conversation = {
    appId: o.appId,
    id: o.id ?? (kind === "temporary" ? ctx.deps.ids.temporaryConversationId() : ctx.deps.ids.objectId()),
    kind,
    name: o.name ?? null,
    creator,
    attributes: o.attributes ?? {},
    unique: o.unique ?? false,
    uniqueId: o.uniqueId ?? null,
    createdAt: created,
    updatedAt: created,
    lastMessageAt: null,
    lastMessage: null,
    expiresAt: o.expiresAt != null ? new Date(o.expiresAt) : kind === "temporary" ? new Date(created.getTime() + 86_400_000) : null,
    memberCount: memberIds.length,
  };
  await ctx.deps.uow.run(async (tx) => {
    await tx.conversations.insert(conversation);
    await tx.members.insert(
      memberIds.map((clientId) => ({
        conversationId: conversation.id,
        clientId,
        role: o.roles?.[clientId] ?? (clientId === creator ? "Owner" : "Member"),
        joinedAt: created,
        pushMuted: o.mutedBy?.includes(clientId) ?? false,
        deliveredAt: 0,
        readAt: 0,
      })),
    );
  });
  return conversation;
}

export interface MakeMessageOptions {
  conversationId: string;
  appId?: string;
  from: string;
  id?: string;
  timestamp?: number;
  text?: string;
  content?: MessageContent;
  receipt?: boolean;
  mentionAll?: boolean;
  mentionPids?: string[];
  visibleTo?: readonly string[] | null;
  /** Also make it the conversation's last message (needs appId). */
  updateLastMessage?: boolean;
}

/** Inserts a stored message directly. `lcType` is read from a JSON text with `_lctype`. */
export async function makeMessage(ctx: Pick<TestContext, "deps">, o: MakeMessageOptions): Promise<Message> {
  const content: MessageContent = o.content ?? { kind: "text", text: o.text ?? `{"_lctype":-1,"_lctext":"hi"}` };
  let lcType: number | null = null;
  if (content.kind === "text") {
    try {
      const parsed: unknown = JSON.parse(content.text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        const t = (parsed as Record<string, unknown>)._lctype;
        if (typeof t === "number" && Number.isInteger(t)) lcType = t;
      }
    } catch {
      lcType = null;
    }
  }
  const message: Message = {
    conversationId: o.conversationId,
    id: o.id ?? ctx.deps.ids.messageId(),
    timestamp: o.timestamp ?? ctx.deps.clock.now(),
    from: o.from,
    content,
    lcType,
    mentionAll: o.mentionAll ?? false,
    mentionPids: o.mentionPids ?? [],
    receipt: o.receipt ?? false,
    patchTimestamp: null,
    recalled: false,
    pushData: null,
    priority: null,
    visibleTo: o.visibleTo ?? null,
  };
  await ctx.deps.uow.run(async (tx) => {
    await tx.messages.insert(message);
    if (o.updateLastMessage && o.appId) {
      await tx.conversations.advanceLastMessage(o.appId, o.conversationId, {
        id: message.id,
        timestamp: message.timestamp,
        from: message.from,
        content: message.content,
        patchTimestamp: null,
        mentionAll: message.mentionAll,
        mentionPids: message.mentionPids,
      });
    }
  });
  return message;
}

/** A valid `{s, t, n}` for `text`, signed with `masterKey` at `t` (ms or s). */
export function sign(ctx: Pick<TestContext, "deps">, masterKey: string, text: (t: string, n: string) => string, t: number, n = "nonce-1") {
  const tText = String(t);
  return { s: ctx.deps.crypto.hmacSha1Hex(masterKey, text(tText, n)), t: tText, n };
}
