import { z } from "zod";

/**
 * The app settings the console edits, as a deep-partial patch. Core merges it into the
 * current settings and validates the result (bounds included) with AppSettings; this
 * schema only shapes the input and gives the form field-level checks.
 */
const Int = z.number().int().min(0).max(1_000_000_000);

export const SIGNATURE_SWITCHES = ["login", "conversation", "blacklist", "history"] as const;
export const FEATURE_SWITCHES = ["memberRoles", "blockList", "recall", "edit"] as const;
export const LIMIT_FIELDS = [
  "messageBytes",
  "frameBytes",
  "membersPerConversation",
  "clientIdLength",
  "temporaryMaxMembers",
  "temporaryDefaultTtlSeconds",
  "temporaryMaxTtlSeconds",
  "sendsPerMinute",
  "historyQueriesPerMinute",
  "otherOpsPerMinute",
  "unreadCountCap",
  "historyPageMax",
  "sessionTokenTtlSeconds",
  "loginTimeoutSeconds",
  "idleTimeoutSeconds",
] as const;

export const AppSettingsPatch = z.object({
  signatures: z.object(Object.fromEntries(SIGNATURE_SWITCHES.map((k) => [k, z.boolean()])) as Record<(typeof SIGNATURE_SWITCHES)[number], z.ZodBoolean>).partial().optional(),
  features: z
    .object({
      ...(Object.fromEntries(FEATURE_SWITCHES.map((k) => [k, z.boolean()])) as Record<(typeof FEATURE_SWITCHES)[number], z.ZodBoolean>),
      patchWindowSeconds: Int,
    })
    .partial()
    .optional(),
  limits: z.object(Object.fromEntries(LIMIT_FIELDS.map((k) => [k, Int])) as Record<(typeof LIMIT_FIELDS)[number], typeof Int>).partial().optional(),
  originAllowList: z.array(z.string().trim().min(1).max(300)).max(100).optional(),
  serviceWebhookUrl: z.url().max(2000).nullable().optional(),
});
export type AppSettingsPatch = z.infer<typeof AppSettingsPatch>;

export const AppIdText = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
