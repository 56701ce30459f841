import type { ConversationKind, Attributes } from "./conversations/types.js";
import type { MemberRole } from "./members/types.js";
import type { Message } from "./messages/types.js";

/**
 * Who caused a change. Clients act through the SDK or the REST API (`via`),
 * operators through the console; an operator always acts with full rights and
 * is recorded by id, and appears to clients as `initBy = displayAs`.
 */
export type Actor =
  | { kind: "client"; appId: string; clientId: string }
  | { kind: "server"; appId: string; /** the id clients see as initBy, e.g. a REST `from_client` */ clientId: string }
  | { kind: "operator"; appId: string; operatorId: string; role: OperatorRole; displayAs: string };

export type OperatorRole = "admin" | "moderator" | "viewer";

/** The client id a change is attributed to on the wire (`initBy`). */
export const initiatorOf = (actor: Actor): string =>
  actor.kind === "operator" ? actor.displayAs : actor.clientId;

interface Base {
  appId: string;
  conversationId: string;
  conversationKind: ConversationKind;
  /** initBy on the wire. */
  initBy: string;
  /** Server time of the change (ms); also `serverTs` of permanent notifications. */
  at: number;
}

/**
 * Every change core makes emits one of these. The realtime fan-out turns them
 * into the SDK's pushes; the console streams them live. `recipients` is the
 * member list that should hear about the change, computed by core so adapters
 * never re-derive membership rules.
 */
export type DomainEvent =
  | (Base & { type: "ConversationCreated"; members: string[]; recipients: string[] })
  | (Base & { type: "MembersJoined"; added: string[]; recipients: string[] })
  | (Base & { type: "MembersLeft"; removed: string[]; recipients: string[] })
  | (Base & { type: "ConversationUpdated"; /** the keys as sent, dotted paths kept */ attr: Attributes; udate: string; recipients: string[] })
  | (Base & { type: "MemberRoleChanged"; clientId: string; role: MemberRole; recipients: string[] })
  | (Base & { type: "MembersSilenced"; clientIds: string[]; recipients: string[] })
  | (Base & { type: "MembersUnsilenced"; clientIds: string[]; recipients: string[] })
  | (Base & { type: "MembersBlocked"; clientIds: string[]; recipients: string[] })
  | (Base & { type: "MembersUnblocked"; clientIds: string[]; recipients: string[] })
  | (Base & {
      type: "MessagePosted";
      message: Message;
      transient: boolean;
      will: boolean;
      /** Members to push to (the sender's other devices included; for chat rooms the joined members). */
      recipients: string[];
      /** Session that sent it (not pushed back to it). */
      originSessionId: string | null;
    })
  | (Base & {
      type: "MessagePatched";
      message: Message;
      recall: boolean;
      recipients: string[];
      /**
       * Set when someone other than the sender (an operator, the app's server) changed the
       * message: the SDK hands it to MESSAGE_RECALL / MESSAGE_UPDATE listeners as PatchReason,
       * whose absence means "the sender did it".
       */
      reason?: PatchReason;
    })
  | (Base & { type: "MessagesDelivered"; clientId: string; /** receipt-requesting messages now covered */ receipts: { messageId: string; from: string; timestamp: number }[]; watermark: number })
  | (Base & {
      type: "MessagesRead";
      clientId: string;
      /** Receipt-requesting messages from others that became read (may be empty). */
      receipts: { messageId: string; from: string; timestamp: number }[];
      watermark: number;
      /** The session that read, when known: the reader's other sessions resync their unread counts. */
      originSessionId?: string | null;
    })
  | (Base & { type: "ConversationDeleted"; recipients: string[] })
  | {
      type: "ClientKicked";
      appId: string;
      clientId: string;
      reason: string | null;
      at: number;
      conversationId?: undefined;
      /** Single-device login: only sessions opened with this tag are kicked… */
      tag?: string | null;
      /** …except the one on this device (the session that just took the tag over). */
      exceptDeviceId?: string | null;
    }
  | { type: "AppChanged"; appId: string; at: number; conversationId?: undefined };

/** Why a message was changed by someone other than its sender (`patchCode` / `patchReason` on the wire). */
export interface PatchReason {
  code: number;
  detail: string | null;
}

/** `PatchReason.code` of a change made by an operator or the app's server. */
export const PATCH_CODE_MODERATED = 1;

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
