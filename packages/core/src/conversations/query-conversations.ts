import { z } from "zod";
import type { Actor } from "../events.js";
import type { ConversationFilter } from "../ports.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { isExpired } from "../shared/load.js";
import { buildRecords, type ConversationRecord } from "./record.js";
import { and, parseSort, parseWhere } from "./where.js";

export const QUERY_DEFAULT_LIMIT = 10;
export const QUERY_MAX_LIMIT = 1000;

export const QueryConversationsInput = z.object({
  /** LeanCloud `where`: JSON text or the parsed object. Absent or `{}` from a client = its own conversations. */
  where: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** `"-lm,name"`; default `-lm`. */
  sort: z.string().max(512).optional(),
  /** Default 10; values above 1000 are capped (getConversations sends 999); 0 or less = default. */
  limit: z.number().int().optional(),
  skip: z.number().int().min(0).max(100_000).optional(),
  /** The temporary-conversation form: fetch these `_tmp:` ids (where/sort/limit ignored). */
  tempConvIds: z.array(z.string()).max(QUERY_MAX_LIMIT).optional(),
  /** `flag & 1` (compact) → false: `m` is not loaded. */
  includeMembers: z.boolean().default(true),
});
export type QueryConversationsInput = z.input<typeof QueryConversationsInput>;

export interface QueryConversationsResult {
  records: ConversationRecord[];
}

const isEmptyWhere = (where: unknown) =>
  where === undefined ||
  (typeof where === "string" && /^\s*\{\s*\}\s*$/.test(where)) ||
  (typeof where === "object" && where !== null && Object.keys(where).length === 0);

/**
 * `conv query` (protocol part 2, §3). Conversations are readable by anyone in the app,
 * members or not (the SDK looks conversations up after being kicked). Temporary
 * conversations are only found through `tempConvIds`, and only while not expired.
 * An empty `where` from a client means `{"m": <client>}`; from a server or operator, all.
 */
export async function queryConversations(deps: CoreDeps, actor: Actor, input: QueryConversationsInput): Promise<QueryConversationsResult> {
  const p = parseInput(QueryConversationsInput, input);
  const now = deps.clock.now();

  if (p.tempConvIds !== undefined) {
    const ids = p.tempConvIds.filter((id) => id.startsWith("_tmp:"));
    return deps.uow.run(async (tx) => {
      const found = (await tx.conversations.getMany(actor.appId, ids)).filter((c) => c.kind === "temporary" && !isExpired(c, now));
      const order = new Map(ids.map((id, i) => [id, i]));
      found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      return { records: await buildRecords(tx, actor, found, { includeMembers: p.includeMembers, now }) };
    });
  }

  let filter: ConversationFilter;
  if (isEmptyWhere(p.where)) {
    filter = actor.kind === "client" ? { op: "eq", field: { kind: "members" }, value: actor.clientId } : { op: "true" };
  } else {
    filter = parseWhere(p.where);
  }
  filter = and([filter, { op: "ne", field: { kind: "column", column: "kind" }, value: "temporary" }]);
  const sort = parseSort(p.sort);
  const limit = p.limit === undefined || p.limit <= 0 ? QUERY_DEFAULT_LIMIT : Math.min(p.limit, QUERY_MAX_LIMIT);

  return deps.uow.run(async (tx) => {
    const conversations = filter.op === "false" ? [] : await tx.conversations.query(actor.appId, { filter, sort, limit, skip: p.skip ?? 0 });
    return { records: await buildRecords(tx, actor, conversations, { includeMembers: p.includeMembers, now }) };
  });
}
