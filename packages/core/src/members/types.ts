export type MemberRole = "Owner" | "Manager" | "Member";

export interface Member {
  conversationId: string;
  clientId: string;
  /** Stored role; the creator always reads as Owner. */
  role: MemberRole;
  joinedAt: Date;
  /** Offline-push mute (`mu`): this member gets no offline notifications. */
  pushMuted: boolean;
  /** Highest message timestamp this member acknowledged as delivered (ms), 0 = none. */
  deliveredAt: number;
  /** Highest message timestamp this member has read (ms), 0 = none. */
  readAt: number;
}

export interface UnreadState {
  conversationId: string;
  clientId: string;
  /** Messages from others newer than the read watermark, capped by the app setting. */
  count: number;
  mentioned: boolean;
}
