import { DomainError } from "../errors.js";
import { isPlainObject, jsonEqual } from "../shared/json.js";
import { RESERVED_ATTRIBUTE_KEYS, type Attributes, type Json } from "./types.js";

/**
 * Keys a custom attribute may not use: the reserved columns, plus every name the SDK's
 * `parseConversation` would read as a property (or the adapter writes for the last
 * message), so records round-trip (protocol part 2, §3.3 and §15).
 */
export const FORBIDDEN_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  ...RESERVED_ATTRIBUTE_KEYS,
  "id",
  "members",
  "lastMessageAt",
  "lastMessage",
  "lastDeliveredAt",
  "lastReadAt",
  "unreadMessagesCount",
  "mentioned",
  "creator",
  "transient",
  "system",
  "mutedMembers",
  "expiredAt",
  "msg",
  "msg_from",
  "msg_mid",
  "msg_timestamp",
  "patch_timestamp",
  "bin",
  "mention_all",
  "mention_pids",
  "conv_type",

]);

const invalidKey = (key: string, why: string) => new DomainError("INVALID_INPUT", `attribute "${key}": ${why}`, { key });

function splitKey(key: string): string[] {
  const path = key.split(".");
  if (path.some((p) => p.length === 0)) throw invalidKey(key, "empty segment");
  if (path.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) throw invalidKey(key, "reserved segment");
  const root = path[0]!;
  if (FORBIDDEN_ATTRIBUTE_KEYS.has(root)) throw invalidKey(key, "reserved key");
  return path;
}

/** The name and custom attributes a create request's `attr` carries. */
export function splitCreateAttributes(attr: Attributes): { name: string | null; attributes: Attributes } {
  const attributes: Attributes = {};
  let name: string | null = null;
  for (const [key, value] of Object.entries(attr)) {
    if (key === "name") {
      if (value !== null && typeof value !== "string") throw invalidKey(key, "must be a string");
      name = value;
      continue;
    }
    const path = splitKey(key);
    setPath(attributes, path, value);
  }
  return { name, attributes };
}

type Op =
  | { kind: "set"; value: Json }
  | { kind: "delete" }
  | { kind: "increment"; amount: number }
  | { kind: "add" | "addUnique" | "remove"; objects: Json[] };

function parseOp(key: string, value: Json): Op {
  if (!isPlainObject(value) || typeof value.__op !== "string") return { kind: "set", value };
  switch (value.__op) {
    case "Delete":
      return { kind: "delete" };
    case "Increment": {
      const amount = value.amount ?? 1;
      if (typeof amount !== "number" || !Number.isFinite(amount)) throw invalidKey(key, "Increment needs a numeric amount");
      return { kind: "increment", amount };
    }
    case "Add":
    case "AddUnique":
    case "Remove": {
      if (!Array.isArray(value.objects)) throw invalidKey(key, `${value.__op} needs objects`);
      const kind = value.__op === "Add" ? "add" : value.__op === "AddUnique" ? "addUnique" : "remove";
      return { kind, objects: value.objects };
    }
    default:
      throw invalidKey(key, `unsupported operation ${value.__op}`);
  }
}

function getPath(root: Attributes, path: string[]): Json | undefined {
  let current: Json | undefined = root;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Attributes)[key];
  }
  return current;
}

/** Sets a dotted path, creating (or replacing non-objects with) intermediate objects. */
function setPath(root: Attributes, path: string[], value: Json): void {
  let current = root;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (!isPlainObject(next)) {
      const created: Attributes = {};
      current[key] = created;
      current = created;
    } else current = next as Attributes;
  }
  current[path[path.length - 1]!] = value;
}

function deletePath(root: Attributes, path: string[]): void {
  const parent = path.length === 1 ? root : getPath(root, path.slice(0, -1));
  if (isPlainObject(parent)) delete (parent as Attributes)[path[path.length - 1]!];
}

function applyOp(key: string, current: Json | undefined, op: Op): Json | undefined {
  switch (op.kind) {
    case "set":
      return op.value;
    case "delete":
      return undefined;
    case "increment":
      if (current !== undefined && current !== null && typeof current !== "number") throw invalidKey(key, "Increment on a non-number");
      return ((current as number | null | undefined) ?? 0) + op.amount;
    default: {
      if (current !== undefined && current !== null && !Array.isArray(current)) throw invalidKey(key, `${op.kind} on a non-array`);
      const arr = [...((current as Json[] | null | undefined) ?? [])];
      if (op.kind === "add") return [...arr, ...op.objects];
      if (op.kind === "addUnique") {
        for (const o of op.objects) if (!arr.some((x) => jsonEqual(x, o))) arr.push(o);
        return arr;
      }
      return arr.filter((x) => !op.objects.some((o) => jsonEqual(x, o)));
    }
  }
}

export interface AttributeUpdate {
  name: string | null;
  attributes: Attributes;
  /** Resulting value of each modified key as sent (dotted keys kept); deleted keys map to `{"__op":"Delete"}`. */
  modified: Attributes;
}

/**
 * Applies `conv update`'s `attr`: each key a top-level name or dotted path, applied in order
 * as a `$set` (intermediate objects created), or a LeanCloud operation object
 * (`Delete`, `Increment`, `Add`, `AddUnique`, `Remove`). `name` is the conversation's name.
 */
export function applyAttributeUpdate(current: { name: string | null; attributes: Attributes }, attr: Attributes): AttributeUpdate {
  const attributes = structuredClone(current.attributes);
  let name = current.name;
  const modified: Attributes = {};
  const keys = Object.keys(attr);
  if (keys.length === 0) throw new DomainError("INVALID_INPUT", "nothing to update");
  for (const key of keys) {
    const op = parseOp(key, attr[key]!);
    if (key === "name" || key.startsWith("name.")) {
      if (key !== "name") throw invalidKey(key, "name has no sub-fields");
      if (op.kind === "delete") name = null;
      else if (op.kind === "set" && (op.value === null || typeof op.value === "string")) name = op.value;
      else throw invalidKey(key, "must be a string");
      modified[key] = name;
      continue;
    }
    const path = splitKey(key);
    const next = applyOp(key, getPath(attributes, path), op);
    if (next === undefined) {
      deletePath(attributes, path);
      modified[key] = { __op: "Delete" };
    } else {
      setPath(attributes, path, next);
      modified[key] = next;
    }
  }
  return { name, attributes, modified };
}
