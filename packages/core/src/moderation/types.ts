/** 禁言: the member may not send messages until `expiresAt` (null = until lifted). */
export interface Silence {
  conversationId: string;
  clientId: string;
  silencedBy: string;
  reason: string | null;
  createdAt: Date;
  expiresAt: Date | null;
}

/** A blocked client is removed from the conversation and may not rejoin or be re-added. */
export interface Block {
  conversationId: string;
  clientId: string;
  blockedBy: string;
  reason: string | null;
  createdAt: Date;
  /** The block lifts itself at this time (null = until unblocked). Expired blocks count as absent. */
  expiresAt: Date | null;
}

/** A page of client ids with an opaque cursor, as the SDK's PagedResults expects. */
export interface ClientIdPage {
  clientIds: string[];
  next: string | null;
}
