/**
 * Everything core needs from the outside world. `packages/db` implements the
 * repositories and the unit of work on PostgreSQL; `@parley/core/testing`
 * implements every port in memory; the apps provide clock, ids, crypto,
 * presence and the event bus.
 *
 * Rules for implementations (the contract suites in `src/testing/contracts`
 * check them, run them against your implementation):
 * - Repositories return domain types (`Conversation`, `Member`, `Message`…), never rows.
 * - Ids compare by code unit (PostgreSQL: `COLLATE "C"`), so ordering by a client id
 *   or message id is the same everywhere.
 * - Conversation ids are unique across apps (core generates them), so the
 *   member/moderation/message repositories key by `conversationId` alone.
 * - Every method may be called only inside `UnitOfWork.run` (through the `tx` it passes).
 *
 * This file only grows: new members are added, nothing is renamed or removed.
 */
import type { App } from "./apps/types.js";
import type { Attributes, Conversation, ConversationKind, LastMessage } from "./conversations/types.js";
import type { DomainEvent, OperatorRole } from "./events.js";
import type { Member, MemberRole } from "./members/types.js";
import type { Message, MessageContent, MessageRevision } from "./messages/types.js";
import type { Block, Silence } from "./moderation/types.js";

// ---------------------------------------------------------------------------
// Small ports
// ---------------------------------------------------------------------------

/** Server time. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export interface IdGenerator {
  /** 24 lowercase hex characters (LeanCloud objectId): apps, conversations, audit rows. */
  objectId(): string;
  /** `_tmp:` followed by 22 url-safe characters: temporary conversations. */
  temporaryConversationId(): string;
  /** 22 url-safe characters ([A-Za-z0-9_-]), like LeanCloud's message ids. */
  messageId(): string;
}

/** Everything that needs node:crypto. Synchronous: node:crypto's HMAC is. */
export interface Crypto {
  /** HMAC-SHA1 of `message` (UTF-8) keyed with `key` (UTF-8), lowercase hex. */
  hmacSha1Hex(key: string, message: string): string;
  /** SHA-1 of `message` (UTF-8), lowercase hex (unique-conversation keys, token hashes). */
  sha1Hex(message: string): string;
  /**
   * Constant-time comparison of two hex strings, case-insensitive.
   * Different lengths or non-hex input → false (never throws).
   */
  timingSafeEqualHex(a: string, b: string): boolean;
  /** A url-safe random token carrying at least `bytes` random bytes (default 32). */
  randomToken(bytes?: number): string;
}

/**
 * Who is online right now, across every realtime node. Lives in the realtime app;
 * core uses it for a chat room's `count()` (the online members of the room).
 * Optional in `CoreDeps`: without it a chat room counts its joined members.
 */
export interface Presence {
  /** The subset of `clientIds` that currently have at least one open session. */
  onlineClientIds(appId: string, clientIds: readonly string[]): Promise<string[]>;
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

export interface EventPublisher {
  /** Publish a batch, in order. Called by the unit of work after the outermost commit. */
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export type EventHandler = (events: readonly DomainEvent[]) => void | Promise<void>;

/** A publisher that can also be listened to (in-process, LISTEN/NOTIFY, Redis…). */
export interface EventBus extends EventPublisher {
  /** Returns the unsubscribe function. Handlers receive each published batch once, in order. */
  subscribe(handler: EventHandler): () => void;
}

// ---------------------------------------------------------------------------
// Unit of work
// ---------------------------------------------------------------------------

export interface Repositories {
  apps: AppRepository;
  conversations: ConversationRepository;
  members: MemberRepository;
  moderation: ModerationRepository;
  messages: MessageRepository;
  receipts: ReceiptRepository;
  sessionTokens: SessionTokenRepository;
  notifications: NotificationRepository;
  audit: AuditRepository;
  locks: LockRepository;
}

/** What `UnitOfWork.run` hands to its callback: the repositories bound to one transaction. */
export interface Transaction extends Repositories {
  /**
   * Queue events. They are published (in queue order) only after the outermost
   * transaction commits, and dropped if it, or the nested run that queued them, fails.
   */
  emit(events: readonly DomainEvent[]): void;
  /**
   * A unit of work whose `run` joins this transaction instead of opening a new one.
   * Pass it to a use case to make it part of a bigger transaction:
   *
   *   await uow.run(async (tx) => {
   *     const r = await updateConversation({ ...deps, uow: tx.unitOfWork }, actor, input);
   *     await tx.audit.append({ ... });
   *   });
   */
  unitOfWork: UnitOfWork;
}

export interface UnitOfWork {
  /**
   * Runs `fn` in one database transaction and commits when it resolves.
   * - If `fn` throws, everything it wrote is rolled back, its queued events are
   *   dropped, and the error is rethrown unchanged.
   * - Nesting: `tx.unitOfWork.run(inner)` joins the outer transaction as a savepoint.
   *   If `inner` throws, its writes and its events are discarded and the error
   *   propagates (the outer callback may catch it and go on). Events of a nested run
   *   are published with the outer ones, after the outermost commit.
   * - After the outermost commit the queued events are passed to the `EventPublisher`
   *   in one `publish` call (skipped when empty); `run` resolves after that call settles.
   *   A publish failure does not fail `run` (the data is committed); implementations
   *   report it to their own error hook.
   * - Calling the root `run` from inside a transaction opens an independent second
   *   transaction. Don't: use `tx.unitOfWork`.
   */
  run<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** Transaction-scoped mutual exclusion (PostgreSQL: `pg_advisory_xact_lock(hashtextextended(key, 0))`). */
export interface LockRepository {
  /** Blocks until no other transaction holds `key`; released at commit/rollback. Re-entrant within a transaction. */
  acquire(key: string): Promise<void>;
}

// ---------------------------------------------------------------------------
// Apps and sessions
// ---------------------------------------------------------------------------

export interface AppRepository {
  get(appId: string): Promise<App | null>;
  /** All apps, oldest first (createdAt, then id). */
  list(): Promise<App[]>;
  /** Throws if the id exists (core checks first). */
  insert(app: App): Promise<void>;
  /** Replaces name, key, masterKey, settings and updatedAt. */
  update(app: App): Promise<void>;
}

export interface SessionToken {
  /** `crypto.sha1Hex(token)`: the token itself is never stored. */
  tokenHash: string;
  appId: string;
  clientId: string;
  /** Single-device-login tag and device id of the session that got this token (first login only). */
  tag: string | null;
  deviceId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** e.g. "conflict" when the tag was taken over by another device, "closed", "kicked". */
  revokedReason: string | null;
}

export interface SessionTokenRepository {
  insert(token: SessionToken): Promise<void>;
  /** By hash, whatever its state (expired and revoked included). */
  get(appId: string, tokenHash: string): Promise<SessionToken | null>;
  /** Marks one token revoked (no-op if already revoked). */
  revoke(appId: string, tokenHash: string, reason: string, at: Date): Promise<void>;
  /**
   * Revokes every unexpired, unrevoked token of `clientId` opened with `tag` whose
   * deviceId differs from `exceptDeviceId`; returns the tokens as they were before.
   */
  revokeTagged(
    appId: string,
    clientId: string,
    tag: string,
    exceptDeviceId: string | null,
    reason: string,
    at: Date,
  ): Promise<SessionToken[]>;
  /** Housekeeping: delete tokens that expired before `before`. Returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

// ---------------------------------------------------------------------------
// Conversations: the query AST
// ---------------------------------------------------------------------------

/**
 * Columns of a conversation that a `where` can address, with their value types:
 * - `objectId` string (the id), `c` string|null (creator), `name` string|null,
 *   `uniqueId` string|null, `kind` string (ConversationKind)
 * - `tr` boolean (kind = chatroom), `sys` boolean (kind = service), `unique` boolean
 * - `lm` Date|null (lastMessageAt), `createdAt` Date, `updatedAt` Date
 * Core guarantees a comparison on a column carries a value of the column's type
 * (string/boolean/Date; never null except in `eq`/`ne`/`in`/`nin`).
 */
export type ConversationColumn =
  | "objectId"
  | "c"
  | "name"
  | "tr"
  | "sys"
  | "unique"
  | "uniqueId"
  | "kind"
  | "lm"
  | "createdAt"
  | "updatedAt";

/**
 * - `column`: a scalar column above.
 * - `members` (`m`) / `mutedMembers` (`mu`): sets of client ids (the member table;
 *   for chat rooms, the joined clients).
 * - `attribute`: a custom attribute, `path` = the dotted key split on `.` (length ≥ 1).
 */
export type FilterField =
  | { kind: "column"; column: ConversationColumn }
  | { kind: "members" }
  | { kind: "mutedMembers" }
  | { kind: "attribute"; path: string[] };

/** A JSON value, or a date (a `{"__type":"Date","iso"}` in the query). */
export type FilterValue = null | boolean | number | string | Date | FilterValue[] | { [key: string]: FilterValue };

/**
 * The parsed, validated `where`. Core produces it from LeanCloud's JSON; db translates it to SQL.
 *
 * Semantics (MongoDB's, as LeanCloud's):
 * - `eq`: on a column, equality (`value` null matches NULL). On `members`/`mutedMembers`:
 *   a string matches if the set contains it; an array matches if the set equals it (order-free).
 *   On an attribute: the value at `path` equals `value` (deep JSON equality; a Date equals a
 *   stored `{"__type":"Date","iso"}` with the same instant), OR the value at `path` is an
 *   array with an element equal to `value`. `value` null also matches a missing path.
 * - `ne`: NOT eq (so a missing attribute matches `ne`).
 * - `in`: eq for at least one of `values` (empty → matches nothing). `nin`: NOT in.
 * - `all`: the set / the array at `path` contains every one of `values` (empty → matches nothing).
 * - `size`: the set / the array at `path` has exactly `size` elements (non-array → no match).
 * - `exists`: column IS NOT NULL / set non-empty / path present (even with JSON null) — or the negation.
 * - `regex`: the string column / string at `path` matches `pattern`, an ECMAScript-compatible
 *   pattern already free of `\Q…\E` (core rewrote those to escaped literals, escaping only
 *   non-alphanumerics, which PostgreSQL AREs read the same way). Flags: `i` case-insensitive,
 *   `m` ^/$ also match at line breaks. Core rejects patterns JS cannot compile and named groups;
 *   db must still map JS-only escapes (`\b`/`\B` word boundaries → `\y`/`\Y`).
 *   Non-string values don't match. On `members`: some member matches.
 * - `gt`/`gte`/`lt`/`lte`: only same-type comparisons match: numbers with numbers, strings with
 *   strings (code-unit order), dates with dates. On an attribute a Date value compares with a
 *   stored `{"__type":"Date","iso"}` by its `iso` text against `value.toISOString()` (the SDK always
 *   writes that format), so no cast can fail.
 * - Attribute paths walk through JSON objects only (not through arrays).
 * - `true`/`false`: constants (core folds impossible comparisons into `false`).
 */
export type ConversationFilter =
  | { op: "and"; filters: ConversationFilter[] }
  | { op: "or"; filters: ConversationFilter[] }
  | { op: "not"; filter: ConversationFilter }
  | { op: "true" }
  | { op: "false" }
  | { op: "eq"; field: FilterField; value: FilterValue }
  | { op: "ne"; field: FilterField; value: FilterValue }
  | { op: "in"; field: FilterField; values: FilterValue[] }
  | { op: "nin"; field: FilterField; values: FilterValue[] }
  | { op: "all"; field: FilterField; values: FilterValue[] }
  | { op: "size"; field: FilterField; size: number }
  | { op: "exists"; field: FilterField; exists: boolean }
  | { op: "regex"; field: FilterField; pattern: string; flags: "" | "i" | "m" | "im" }
  | { op: "gt" | "gte" | "lt" | "lte"; field: FilterField; value: number | string | Date };

/**
 * Sort key. NULL columns, missing attributes and JSON null all sort as the same lowest value
 * (first ascending, last descending; ties fall to the objectId tie-break), e.g.
 * `COALESCE(attributes #> path, 'null'::jsonb)`. Attributes of mixed JSON types order as
 * PostgreSQL jsonb does (null < string < number < boolean < array < object); strings and
 * ids in code-unit order (`COLLATE "C"`); dates in attributes by their `iso` text.
 */
export interface ConversationSort {
  field: { kind: "column"; column: "objectId" | "c" | "name" | "lm" | "createdAt" | "updatedAt" | "uniqueId" } | { kind: "attribute"; path: string[] };
  direction: "asc" | "desc";
}

export interface ConversationQuery {
  filter: ConversationFilter;
  /** Applied in order, then `objectId` ascending as the final tie-break. */
  sort: ConversationSort[];
  /** 1…1000. */
  limit: number;
  skip: number;
}

/** Fields `ConversationRepository.update` may change. */
export interface ConversationChanges {
  name?: string | null;
  /** Replaces the whole custom attribute object (core computed it). */
  attributes?: Attributes;
  updatedAt: Date;
}

export interface SendContext {
  app: App;
  /** Null when the app has no such conversation (the rest is then empty). */
  conversation: Conversation | null;
  senderIsMember: boolean;
  senderBlocked: boolean;
  /** Present when the sender is silenced right now; `expiresAt` null = until lifted. */
  senderSilence: { expiresAt: Date | null } | null;
  memberIds: string[] | null;
}

export interface ConversationRepository {
  /** `memberCount` is ignored (derived). Members are inserted separately. */
  insert(conversation: Conversation): Promise<void>;
  /**
   * Expired temporary conversations are returned too (core decides). `memberCount` is
   * the number of member rows (joined clients for chat rooms, subscribers for service).
   */
  get(appId: string, id: string): Promise<Conversation | null>;
  /** Found ones only, in any order. */
  getMany(appId: string, ids: readonly string[]): Promise<Conversation[]>;
  /**
   * Everything the send path reads, in one round trip: the app, the conversation (as `get`),
   * the sender's standing (member, active block, active silence) and the member ids ascending
   * (the recipients). `memberIds`: "all" reads them; "unless-service" leaves them null for a
   * service conversation (a subscriber's message reaches only itself: no need to read every
   * subscriber); "none" never reads them (history). Null when the app does not exist.
   */
  getForSend(
    appId: string,
    id: string,
    options: { senderId: string | null; now: Date; memberIds: "all" | "unless-service" | "none" },
  ): Promise<SendContext | null>;
  /**
   * The oldest conversation of `kind` created as unique with this `uniqueId`; for
   * temporary conversations only one with `expiresAt > now`. Callers hold
   * `locks.acquire("unique:<appId>:<uniqueId>")`.
   */
  findUnique(appId: string, kind: ConversationKind, uniqueId: string, now: Date): Promise<Conversation | null>;
  query(appId: string, query: ConversationQuery): Promise<Conversation[]>;
  count(appId: string, filter: ConversationFilter): Promise<number>;
  /** Returns the updated conversation, or null if it does not exist. */
  update(appId: string, id: string, changes: ConversationChanges): Promise<Conversation | null>;
  /**
   * Sets `lastMessage` and `lastMessageAt` if the conversation has none or
   * (timestamp, id) of `lastMessage` is greater than the current one's. Does not touch updatedAt.
   * Hot path: may be batched by the implementation.
   */
  advanceLastMessage(appId: string, id: string, lastMessage: LastMessage): Promise<void>;
  /** Replaces `lastMessage` only if its current id equals `lastMessage.id` (after an edit or recall). */
  replaceLastMessage(appId: string, id: string, lastMessage: LastMessage): Promise<void>;
  /**
   * Deletes the conversation and everything hanging off it: members (with watermarks),
   * silences, blocks, messages and revisions. Notifications and audit rows stay.
   */
  delete(appId: string, id: string): Promise<boolean>;
  /** Housekeeping: delete (as `delete`) up to `limit` temporary conversations expired at `now`. */
  deleteExpired(now: Date, limit: number): Promise<number>;
}

// ---------------------------------------------------------------------------
// Members, moderation, receipts
// ---------------------------------------------------------------------------

export interface MemberRepository {
  /**
   * Inserts; a (conversationId, clientId) that already exists is left unchanged.
   * `ephemeral`: the rows may be lost if the database itself crashes right after the commit
   * (the commit need not wait for the disk) - for chat-room presence-like membership, where
   * thousands of joins must not queue behind one fsync each.
   */
  insert(members: readonly Member[], options?: { ephemeral?: boolean }): Promise<void>;
  /** Deletes; returns the client ids that were members. */
  remove(conversationId: string, clientIds: readonly string[]): Promise<string[]>;
  get(conversationId: string, clientId: string): Promise<Member | null>;
  /** The rows that exist among `clientIds`, in any order. */
  getMany(conversationId: string, clientIds: readonly string[]): Promise<Member[]>;
  /** Page of members by clientId ascending, strictly after `after`. */
  list(conversationId: string, page: { after: string | null; limit: number }): Promise<Member[]>;
  /** Every member id, ascending. */
  listIds(conversationId: string): Promise<string[]>;
  count(conversationId: string): Promise<number>;
  /** Every member of every listed conversation (query results: `m`, `mu`). */
  listForConversations(conversationIds: readonly string[]): Promise<Member[]>;
  /** The rows of one client in the listed conversations (per-requester `muted`, `joined`). */
  getForClient(clientId: string, conversationIds: readonly string[]): Promise<Member[]>;
  /** Returns false if not a member. */
  setRole(conversationId: string, clientId: string, role: MemberRole): Promise<boolean>;
  /** Returns false if not a member. */
  setPushMuted(conversationId: string, clientId: string, muted: boolean): Promise<boolean>;
}

export interface ModerationRepository {
  /** Inserts or replaces (by conversationId, clientId). */
  upsertSilences(silences: readonly Silence[]): Promise<void>;
  /** Returns the client ids that had a row (expired or not). */
  deleteSilences(conversationId: string, clientIds: readonly string[]): Promise<string[]>;
  /** Rows among `clientIds` whose `expiresAt` is null or after `now`. */
  getActiveSilences(conversationId: string, clientIds: readonly string[], now: Date): Promise<Silence[]>;
  /** Active silences by clientId ascending, strictly after `after`. */
  listActiveSilences(conversationId: string, page: { now: Date; after: string | null; limit: number }): Promise<Silence[]>;
  /** Inserts or replaces (by conversationId, clientId): blocking again sets the new reason and expiry. */
  upsertBlocks(blocks: readonly Block[]): Promise<void>;
  /** Returns the client ids that had a row (expired or not). */
  deleteBlocks(conversationId: string, clientIds: readonly string[]): Promise<string[]>;
  /** Rows among `clientIds` whose `expiresAt` is null or after `now`. */
  getActiveBlocks(conversationId: string, clientIds: readonly string[], now: Date): Promise<Block[]>;
  /** Active blocks by clientId ascending, strictly after `after`. */
  listActiveBlocks(conversationId: string, page: { now: Date; after: string | null; limit: number }): Promise<Block[]>;
}

export interface Watermarks {
  deliveredAt: number;
  readAt: number;
}

export interface UnreadSummary {
  conversationId: string;
  kind: ConversationKind;
  /** min(unread, cap). */
  count: number;
  mentioned: boolean;
  lastMessage: LastMessage | null;
}

export interface ReceiptRepository {
  /**
   * Raises the member's watermarks to max(current, given) and records `at` as the time
   * they changed. Returns before/after, or null if the client is not a member.
   */
  raise(
    conversationId: string,
    clientId: string,
    to: { deliveredAt?: number; readAt?: number },
    at: number,
  ): Promise<{ before: Watermarks; after: Watermarks } | null>;
  /**
   * Unread state of `clientId` in each conversation it is a member of, chat rooms and
   * expired temporary conversations excluded.
   * Unread = stored messages with timestamp > max(readAt, joinedAt ms), from ≠ clientId,
   * visibleTo null or clientId. `mentioned` = some unread message has mentionAll or lists clientId.
   * Without `since`: only conversations with count > 0. With `since`: conversations whose
   * last message is newer than `since`, or whose read watermark changed after `since`
   * (count may be 0). Ordered by conversationId.
   */
  listUnread(appId: string, clientId: string, options: { cap: number; since?: number; now: Date }): Promise<UnreadSummary[]>;
  /**
   * Stored messages not yet delivered to `clientId`: timestamp > max(deliveredAt, joinedAt ms),
   * from ≠ clientId, visible to the client, in its conversations (chat rooms and expired
   * temporary conversations excluded). Oldest first by (timestamp, id), at most `limit`.
   */
  listUndelivered(appId: string, clientId: string, options: { limit: number; now: Date }): Promise<Message[]>;
  /**
   * Many delivery acks in one statement: raises each member's delivered watermark to
   * max(current, deliveredAt). Items of non-members, chat rooms and expired temporary
   * conversations are skipped; the others come back with the watermark before and after
   * (after = before when nothing rose). Watermarks are advisory: implementations may commit
   * them without waiting for the disk.
   */
  raiseDeliveredMany(
    items: readonly { appId: string; conversationId: string; clientId: string; deliveredAt: number }[],
    at: number,
    now: Date,
  ): Promise<{ conversationId: string; clientId: string; kind: ConversationKind; before: number; after: number }[]>;
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

export interface MessageBound {
  timestamp: number;
  /** Tie-break among messages with exactly `timestamp`; absent = the bound is the timestamp alone. */
  messageId?: string;
  inclusive: boolean;
}

/**
 * A range of one conversation's messages in (timestamp, id) order.
 * With a messageId the bound compares the pair: lower exclusive = (ts, id) > (t, mid);
 * without one it compares timestamps only: lower exclusive = ts > t, inclusive = ts >= t.
 */
export interface MessageRange {
  conversationId: string;
  lower?: MessageBound;
  upper?: MessageBound;
  /** Which end of the range `limit` is taken from. The result is always ascending. */
  take: "newest" | "oldest";
  /** ≥ 1, honoured exactly. */
  limit: number;
  /** Only messages whose `lcType` equals this. */
  lcType?: number;
  /** Only messages from this client. */
  from?: string;
  /** Only messages visible to this client (visibleTo null or equal). Absent = all. */
  visibleTo?: string;
}

export interface MessagePatch {
  content: MessageContent;
  lcType: number | null;
  mentionAll: boolean;
  mentionPids: string[];
  patchTimestamp: number;
  recalled: boolean;
}

export interface MessageRepository {
  /** Hot path: may be group-committed by the implementation (the call resolves once durable in the transaction). */
  insert(message: Message): Promise<void>;
  get(conversationId: string, messageId: string): Promise<Message | null>;
  range(range: MessageRange): Promise<Message[]>;
  /** Returns the updated message, or null if unknown. */
  patch(conversationId: string, messageId: string, patch: MessagePatch): Promise<Message | null>;
  insertRevision(revision: MessageRevision): Promise<void>;
  /** Oldest first. */
  listRevisions(conversationId: string, messageId: string): Promise<MessageRevision[]>;
  /**
   * Messages with `receipt` true, from ≠ `notFrom`, timestamp in [fromTs, toTs], visible to
   * `notFrom`; ascending, at most `limit` (the newest ones if more).
   */
  listReceiptRequests(conversationId: string, options: { fromTs: number; toTs: number; notFrom: string; limit: number }): Promise<Message[]>;
  /** `listReceiptRequests` for many ranges in one round trip; results in `ranges` order. */
  listReceiptRequestsMany(ranges: readonly { conversationId: string; fromTs: number; toTs: number; notFrom: string }[], limit: number): Promise<Message[][]>;
  /**
   * Messages with patchTimestamp > `since` in conversations `clientId` is currently a
   * member of (visible to it), ascending by (patchTimestamp, id), at most `limit`.
   */
  listPatchedSince(appId: string, clientId: string, since: number, limit: number): Promise<Message[]>;
}

// ---------------------------------------------------------------------------
// Notifications and audit
// ---------------------------------------------------------------------------

/** A change kept for a client that may have missed the live push (GET /1.1/rtm/notifications). */
export interface StoredNotification {
  appId: string;
  clientId: string;
  /** = event.at (ms). */
  serverTs: number;
  /** The event as core emitted it; the adapter maps it to the notification JSON for `clientId`. */
  event: DomainEvent;
}

export interface NotificationRepository {
  append(notifications: readonly StoredNotification[]): Promise<void>;
  /**
   * Notifications of `clientId` with serverTs > `since`, ascending by serverTs then insertion
   * order. `limit` is soft: the page never splits a group of equal serverTs (it may run over),
   * so a cursor at the last serverTs loses nothing. `hasMore` = more exist after the page.
   */
  listSince(appId: string, clientId: string, since: number, limit: number): Promise<{ items: StoredNotification[]; hasMore: boolean }>;
  /** Housekeeping. */
  deleteBefore(serverTs: number, limit: number): Promise<number>;
}

export interface AuditEntry {
  /** objectId. */
  id: string;
  /** Null for actions not bound to one app (e.g. creating an operator). */
  appId: string | null;
  operatorId: string;
  role: OperatorRole;
  /** Dotted verb, e.g. "conversation.update", "member.block". */
  action: string;
  /** What was acted on, e.g. "conversation:<id>", "client:<id>". */
  target: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  at: Date;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first (at desc, id desc), strictly older than `before` when given. */
  list(options: {
    appId?: string;
    operatorId?: string;
    before?: { at: Date; id: string };
    limit: number;
  }): Promise<AuditEntry[]>;
}
