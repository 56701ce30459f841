import { z } from "zod";

/**
 * Per-app settings. Every limit defaults to LeanCloud's documented value so an
 * app moved to Parley behaves as its users expect; each can be changed per app.
 */
export const AppSettings = z.object({
  signatures: z
    .object({
      /** session/open must carry a valid login signature (4102 otherwise). */
      login: z.boolean().default(false),
      /** conv start / add / remove must be signed (4302 otherwise). */
      conversation: z.boolean().default(false),
      /** blacklist block / unblock must be signed. */
      blacklist: z.boolean().default(false),
      /** history over REST with the app key needs a signature. */
      history: z.boolean().default(false),
    })
    .prefault({}),
  features: z
    .object({
      memberRoles: z.boolean().default(true),
      blockList: z.boolean().default(true),
      /** Senders may recall their own messages through the SDK. */
      recall: z.boolean().default(true),
      /** Senders may edit their own messages through the SDK. */
      edit: z.boolean().default(true),
      /** Seconds after sending during which recall/edit is allowed; 0 = no limit. */
      patchWindowSeconds: z.number().int().min(0).default(0),
    })
    .prefault({}),
  limits: z
    .object({
      /** Message content size in bytes (LeanCloud: 5 KB). */
      messageBytes: z.number().int().min(64).max(1024 * 1024).default(5120),
      /** Largest WebSocket frame accepted; well above messageBytes so oversize messages get a per-request error. */
      frameBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
      membersPerConversation: z.number().int().min(2).max(100_000).default(500),
      clientIdLength: z.number().int().min(1).max(1024).default(64),
      temporaryMaxMembers: z.number().int().min(2).max(1000).default(10),
      temporaryDefaultTtlSeconds: z.number().int().min(60).default(86_400),
      temporaryMaxTtlSeconds: z.number().int().min(60).default(30 * 86_400),
      /** Per client per minute. */
      sendsPerMinute: z.number().int().min(1).default(60),
      historyQueriesPerMinute: z.number().int().min(1).default(120),
      otherOpsPerMinute: z.number().int().min(1).default(30),
      /** Unread counts reported to clients are capped at this value. */
      unreadCountCap: z.number().int().min(1).default(99),
      /** Largest page a history query may return (the SDK's iterator needs `limit` honoured exactly up to this). */
      historyPageMax: z.number().int().min(1).max(1000).default(1000),
      /** Seconds a session token stays valid. */
      sessionTokenTtlSeconds: z.number().int().min(60).default(172_800),
      loginTimeoutSeconds: z.number().int().min(5).default(30),
      idleTimeoutSeconds: z.number().int().min(190).default(300),
    })
    .prefault({}),
  /** Allowed browser origins; empty = any. */
  originAllowList: z.array(z.string()).default([]),
  /** Where client→service-conversation messages are forwarded (batched), if set. */
  serviceWebhookUrl: z.string().url().nullable().default(null),
});
export type AppSettings = z.infer<typeof AppSettings>;
export type AppSettingsInput = z.input<typeof AppSettings>;

export const defaultAppSettings = (): AppSettings => AppSettings.parse({});

export interface App {
  id: string;
  name: string;
  key: string;
  masterKey: string;
  settings: AppSettings;
  createdAt: Date;
  updatedAt: Date;
}
