/**
 * Pure helpers of the attribute editor: dotted paths, typed values, the tree shown,
 * and the edits a raw JSON change amounts to. Edits are what `conversation.update`
 * takes: a dotted path → a value, or `{"__op": "Delete"}`.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Top-level keys core refuses (FORBIDDEN_ATTRIBUTE_KEYS, checked against core's list in
 * attributes.test.ts). Kept here so the browser bundle does not pull in core.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "objectId", "m", "c", "tr", "sys", "mu", "unique", "uniqueId", "lm", "createdAt", "updatedAt", "ttl", "muted", "joined", "joinedAt",
  "id", "members", "lastMessageAt", "lastMessage", "lastDeliveredAt", "lastReadAt", "unreadMessagesCount", "mentioned",
  "creator", "transient", "system", "mutedMembers", "expiredAt", "msg", "msg_from", "msg_mid", "msg_timestamp",
  "patch_timestamp", "bin", "mention_all", "mention_pids", "conv_type",
]);
const RESERVED_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_PATH = 1000;

export type PathProblem = { kind: "empty" } | { kind: "segment" } | { kind: "reserved"; key: string } | { kind: "tooLong" };

/** Why a dotted path cannot be edited, or null when it can. */
export function pathProblem(path: string): PathProblem | null {
  if (path.trim() === "") return { kind: "empty" };
  if (path.length > MAX_PATH) return { kind: "tooLong" };
  const segments = path.split(".");
  if (segments.some((s) => s === "")) return { kind: "segment" };
  const reserved = segments.find((s) => RESERVED_SEGMENTS.has(s)) ?? (RESERVED_KEYS.has(segments[0]!) ? segments[0]! : undefined);
  return reserved ? { kind: "reserved", key: reserved } : null;
}

export type ValueKind = "string" | "number" | "boolean" | "null" | "json";

/** The editor's input kind for an existing value. */
export const kindOf = (value: unknown): ValueKind =>
  typeof value === "string" ? "string" : typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : value === null ? "null" : "json";

/** The text the editor shows for an existing value of that kind. */
export const textOf = (value: unknown): string =>
  typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value, null, typeof value === "object" ? 2 : 0);

export type ValueProblem = { kind: "number" } | { kind: "boolean" } | { kind: "json"; line: number | null; column: number | null } | { kind: "nameNotText" };

export type Parsed<T, P> = { ok: true; value: T } | { ok: false; problem: P };

/** Where JSON.parse stopped, as line and column (V8 reports a position). */
function jsonProblem(text: string, error: unknown): { kind: "json"; line: number | null; column: number | null } {
  const message = error instanceof Error ? error.message : "";
  const explicit = /line (\d+) column (\d+)/.exec(message);
  if (explicit) return { kind: "json", line: Number(explicit[1]), column: Number(explicit[2]) };
  const at = /position (\d+)/.exec(message);
  if (!at) return { kind: "json", line: null, column: null };
  const before = text.slice(0, Number(at[1]));
  const lines = before.split("\n");
  return { kind: "json", line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

export function parseJson(text: string): Parsed<Json, { kind: "json"; line: number | null; column: number | null }> {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (e) {
    return { ok: false, problem: jsonProblem(text, e) };
  }
}

/** The value typed into the editor, as its kind says. `name` must stay text (or null). */
export function parseValue(kind: ValueKind, text: string, path = ""): Parsed<Json, ValueProblem> {
  let parsed: Parsed<Json, ValueProblem>;
  switch (kind) {
    case "string":
      parsed = { ok: true, value: text };
      break;
    case "number": {
      const n = Number(text.trim());
      parsed = text.trim() !== "" && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: { kind: "number" } };
      break;
    }
    case "boolean":
      parsed = text === "true" || text === "false" ? { ok: true, value: text === "true" } : { ok: false, problem: { kind: "boolean" } };
      break;
    case "null":
      parsed = { ok: true, value: null };
      break;
    case "json":
      parsed = parseJson(text);
      break;
  }
  if (parsed.ok && path === "name" && parsed.value !== null && typeof parsed.value !== "string") return { ok: false, problem: { kind: "nameNotText" } };
  return parsed;
}

export type Change = { path: string; op: "set"; value: Json } | { path: string; op: "delete" };

/** Changes → the update's attribute edits. A later change of the same path wins. */
export function toEdits(changes: readonly Change[]): Record<string, Json> {
  const edits: Record<string, Json> = {};
  for (const c of changes) edits[c.path] = c.op === "delete" ? { __op: "Delete" } : c.value;
  return edits;
}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface TreeRow {
  path: string;
  key: string;
  depth: number;
  value: Json;
  /** Objects are shown as a heading row followed by their fields. */
  branch: boolean;
}

/** Every field, depth first, keys in their stored order; objects become branch rows. */
export function flatten(attributes: Record<string, Json>, prefix = "", depth = 0): TreeRow[] {
  return Object.entries(attributes).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(value) && Object.keys(value).length > 0) return [{ path, key, depth, value, branch: true }, ...flatten(value, path, depth + 1)];
    return [{ path, key, depth, value, branch: false }];
  });
}

/**
 * Raw JSON mode: the whole object as edited → top-level edits (changed or new keys are
 * set, removed keys deleted). Not an object → a problem.
 */
export function diffRaw(before: Record<string, Json>, text: string): Parsed<Record<string, Json>, { kind: "json"; line: number | null; column: number | null } | { kind: "notObject" } | { kind: "dottedKey"; key: string } | PathProblem | { kind: "nameNotText" }> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!isObject(parsed.value)) return { ok: false, problem: { kind: "notObject" } };
  const after = parsed.value;
  const edits: Record<string, Json> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    // A dot would make the key a path: core would nest it instead of storing the key as written.
    if (key.includes(".")) return { ok: false, problem: { kind: "dottedKey", key } };
    const problem = pathProblem(key);
    if (problem) return { ok: false, problem };
    if (key === "name" && value !== null && typeof value !== "string") return { ok: false, problem: { kind: "nameNotText" } };
    edits[key] = value;
  }
  for (const key of Object.keys(before)) if (!(key in after)) edits[key] = { __op: "Delete" };
  return { ok: true, value: edits };
}
