import type { MessageContent } from "../conversations/types.js";

export type { MessageContent };

export interface Message {
  conversationId: string;
  /** Server-assigned id, unique per app. */
  id: string;
  /** Server time in ms; with `id` it orders a conversation's history. */
  timestamp: number;
  from: string;
  content: MessageContent;
  /** `_lctype` of a JSON-object text content, for the history type filter. */
  lcType: number | null;
  mentionAll: boolean;
  mentionPids: string[];
  /** Sender asked for delivery/read receipts. */
  receipt: boolean;
  /** Time of the last edit or recall (ms). */
  patchTimestamp: number | null;
  recalled: boolean;
  /** Offline push payload given by the sender, kept verbatim. */
  pushData: string | null;
  priority: number | null;
  /**
   * Who may see this message. `null`/absent = every member. Client ids = only those clients
   * (plus operators and the server): what a subscriber sends to a service conversation is
   * visible to that subscriber only, and a server's message to chosen subscribers
   * (`toClients`) to those subscribers only.
   */
  visibleTo?: readonly string[] | null;
}

/** A kept revision of a message: what it said before an edit or recall. Visible to admins only. */
export interface MessageRevision {
  conversationId: string;
  messageId: string;
  content: MessageContent;
  replacedAt: number;
  replacedBy: string;
  reason: string | null;
  kind: "edit" | "recall";
}

export type HistoryDirection = "old" | "new";

/** The `logs` query, with LeanCloud's semantics (protocol part 1, section 8). */
export interface HistoryQuery {
  conversationId: string;
  /** Boundary A: timestamp (ms) and optional message id tie-break. */
  start?: { timestamp: number; messageId?: string; inclusive: boolean };
  /** Boundary B. */
  end?: { timestamp: number; messageId?: string; inclusive: boolean };
  direction: HistoryDirection;
  limit: number;
  lcType?: number;
  /** Console filter: only messages from this client. */
  from?: string;
}
