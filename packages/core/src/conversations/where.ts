import { DomainError } from "../errors.js";
import type { ConversationColumn, ConversationFilter, ConversationSort, FilterField, FilterValue } from "../ports.js";
import { isLcDate, isPlainObject } from "../shared/json.js";
import { parseRegex } from "./regex.js";

/**
 * LeanCloud `where` JSON → `ConversationFilter`. Core owns parsing and validation; the
 * repository only translates the AST. Anything malformed is CONVERSATION_QUERY_INVALID;
 * comparisons that can never match a column's type fold into `false`/`true`.
 */

const MAX_DEPTH = 8;
const MAX_NODES = 300;
const MAX_LIST = 1000;
const MAX_KEY_LENGTH = 256;

type ColumnType = "string" | "boolean" | "date";

/** Raw column names of `_Conversation` a `where` may address. */
const COLUMNS: Record<string, { column: ConversationColumn; type: ColumnType }> = {
  objectId: { column: "objectId", type: "string" },
  c: { column: "c", type: "string" },
  name: { column: "name", type: "string" },
  tr: { column: "tr", type: "boolean" },
  sys: { column: "sys", type: "boolean" },
  unique: { column: "unique", type: "boolean" },
  uniqueId: { column: "uniqueId", type: "string" },
  lm: { column: "lm", type: "date" },
  createdAt: { column: "createdAt", type: "date" },
  updatedAt: { column: "updatedAt", type: "date" },
};

const SET_COLUMNS: Record<string, FilterField> = { m: { kind: "members" }, mu: { kind: "mutedMembers" } };

const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError("CONVERSATION_QUERY_INVALID", message, details);

const TRUE: ConversationFilter = { op: "true" };
const FALSE: ConversationFilter = { op: "false" };

type Target =
  | { kind: "column"; field: FilterField & { kind: "column" }; type: ColumnType }
  | { kind: "set"; field: FilterField }
  | { kind: "attribute"; field: FilterField & { kind: "attribute" } };

function resolveKey(key: string): Target {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) throw invalid("invalid key in where", { key });
  const col = COLUMNS[key];
  if (col) return { kind: "column", field: { kind: "column", column: col.column }, type: col.type };
  const set = SET_COLUMNS[key];
  if (set) return { kind: "set", field: set };
  const path = key.split(".");
  if (path.some((p) => p.length === 0)) throw invalid("empty segment in a dotted key", { key });
  if (COLUMNS[path[0]!] || SET_COLUMNS[path[0]!]) throw invalid(`${path[0]} has no sub-fields`, { key });
  return { kind: "attribute", field: { kind: "attribute", path } };
}

/** Parses an LC Date object, an ISO string or a number of ms into a Date (for date columns). */
function toDate(v: unknown): Date | null {
  let d: Date | null = null;
  if (isLcDate(v)) d = new Date(v.iso);
  else if (typeof v === "string") d = new Date(v);
  else if (typeof v === "number" && Number.isFinite(v)) d = new Date(v);
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** A JSON value from the query as a FilterValue (a top-level LC Date becomes a Date). */
function toFilterValue(v: unknown): FilterValue {
  if (isLcDate(v)) {
    const d = new Date(v.iso);
    if (Number.isNaN(d.getTime())) throw invalid("invalid date in where");
    return d;
  }
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw invalid("invalid number in where");
    return v;
  }
  if (Array.isArray(v) || isPlainObject(v)) return v as FilterValue;
  throw invalid("unsupported value in where");
}

/**
 * The value for a column comparison, or undefined when the value can never equal a value of
 * that column's type (the comparison then folds to a constant).
 */
function columnValue(type: ColumnType, v: unknown, allowNull: boolean): FilterValue | undefined {
  if (v === null) return allowNull ? null : undefined;
  switch (type) {
    case "string":
      return typeof v === "string" ? v : undefined;
    case "boolean":
      return typeof v === "boolean" ? v : undefined;
    case "date":
      return toDate(v) ?? undefined;
  }
}

class Parser {
  private nodes = 0;

  parse(where: unknown, depth = 0): ConversationFilter {
    if (!isPlainObject(where)) throw invalid("where must be a JSON object");
    if (depth > MAX_DEPTH) throw invalid("where is nested too deeply");
    const parts: ConversationFilter[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (++this.nodes > MAX_NODES) throw invalid("where is too large");
      if (key === "$and" || key === "$or") {
        if (!Array.isArray(value) || value.length === 0) throw invalid(`${key} needs a non-empty array`);
        const filters = value.map((w) => this.parse(w, depth + 1));
        parts.push(key === "$and" ? and(filters) : or(filters));
      } else if (key.startsWith("$")) {
        throw invalid(`unsupported operator ${key}`);
      } else {
        parts.push(this.condition(resolveKey(key), value));
      }
    }
    return and(parts);
  }

  private condition(target: Target, value: unknown): ConversationFilter {
    if (isPlainObject(value) && !isLcDate(value)) {
      const keys = Object.keys(value);
      const ops = keys.filter((k) => k.startsWith("$"));
      if (ops.length > 0) {
        if (ops.length !== keys.length) throw invalid("cannot mix operators and fields in one condition");
        return this.operators(target, value);
      }
    }
    return this.eq(target, value);
  }

  private operators(target: Target, spec: Record<string, unknown>): ConversationFilter {
    const parts: ConversationFilter[] = [];
    if (spec.$options !== undefined && spec.$regex === undefined) throw invalid("$options needs $regex");
    for (const [op, arg] of Object.entries(spec)) {
      switch (op) {
        case "$eq":
          parts.push(this.eq(target, arg));
          break;
        case "$ne":
          parts.push(not(this.eq(target, arg)));
          break;
        case "$in":
          parts.push(or(list(op, arg).map((v) => this.eq(target, v))));
          break;
        case "$nin":
          parts.push(not(or(list(op, arg).map((v) => this.eq(target, v)))));
          break;
        case "$all":
          parts.push(this.all(target, list(op, arg)));
          break;
        case "$size":
          if (typeof arg !== "number" || !Number.isInteger(arg) || arg < 0) throw invalid("$size needs a non-negative integer");
          parts.push(target.kind === "column" ? FALSE : { op: "size", field: target.field, size: arg });
          break;
        case "$exists":
          if (typeof arg !== "boolean") throw invalid("$exists needs a boolean");
          parts.push({ op: "exists", field: target.field, exists: arg });
          break;
        case "$regex": {
          const { pattern, flags } = parseRegex(arg, spec.$options);
          const stringy = target.kind !== "column" || target.type === "string";
          parts.push(stringy ? { op: "regex", field: target.field, pattern, flags } : FALSE);
          break;
        }
        case "$options":
          break;
        case "$gt":
        case "$gte":
        case "$lt":
        case "$lte":
          parts.push(this.range(op.slice(1) as "gt" | "gte" | "lt" | "lte", target, arg));
          break;
        default:
          throw invalid(`unsupported operator ${op}`);
      }
    }
    return and(parts);
  }

  private eq(target: Target, raw: unknown): ConversationFilter {
    if (isPlainObject(raw) && !isLcDate(raw) && Object.keys(raw).some((k) => k.startsWith("$"))) {
      throw invalid("operators are not allowed inside a value");
    }
    switch (target.kind) {
      case "column": {
        const v = columnValue(target.type, raw, true);
        return v === undefined ? FALSE : { op: "eq", field: target.field, value: v };
      }
      case "set":
        if (typeof raw === "string") return { op: "eq", field: target.field, value: raw };
        if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return { op: "eq", field: target.field, value: raw };
        return FALSE;
      case "attribute":
        return { op: "eq", field: target.field, value: toFilterValue(raw) };
    }
  }

  private all(target: Target, values: unknown[]): ConversationFilter {
    if (values.length === 0) return FALSE;
    switch (target.kind) {
      case "column":
        return and(values.map((v) => this.eq(target, v)));
      case "set":
        if (!values.every((v) => typeof v === "string")) return FALSE;
        return { op: "all", field: target.field, values: values as string[] };
      case "attribute":
        return { op: "all", field: target.field, values: values.map(toFilterValue) };
    }
  }

  private range(op: "gt" | "gte" | "lt" | "lte", target: Target, raw: unknown): ConversationFilter {
    if (target.kind === "set") return FALSE;
    if (target.kind === "column") {
      if (target.type === "boolean") return FALSE;
      const v = columnValue(target.type, raw, false);
      if (v === undefined) return FALSE;
      return { op, field: target.field, value: v as string | Date };
    }
    const v = toFilterValue(raw);
    if (typeof v === "number" || typeof v === "string" || v instanceof Date) return { op, field: target.field, value: v };
    throw invalid(`$${op} needs a number, a string or a date`);
  }
}

function list(op: string, arg: unknown): unknown[] {
  if (!Array.isArray(arg)) throw invalid(`${op} needs an array`);
  if (arg.length > MAX_LIST) throw invalid(`${op} has too many values`);
  return arg;
}

/** Flattening, constant-folding conjunction. */
export function and(filters: ConversationFilter[]): ConversationFilter {
  const out: ConversationFilter[] = [];
  for (const f of filters) {
    if (f.op === "false") return FALSE;
    if (f.op === "true") continue;
    if (f.op === "and") out.push(...f.filters);
    else out.push(f);
  }
  if (out.length === 0) return TRUE;
  return out.length === 1 ? out[0]! : { op: "and", filters: out };
}

export function or(filters: ConversationFilter[]): ConversationFilter {
  const out: ConversationFilter[] = [];
  for (const f of filters) {
    if (f.op === "true") return TRUE;
    if (f.op === "false") continue;
    if (f.op === "or") out.push(...f.filters);
    else out.push(f);
  }
  if (out.length === 0) return FALSE;
  return out.length === 1 ? out[0]! : { op: "or", filters: out };
}

export function not(f: ConversationFilter): ConversationFilter {
  if (f.op === "true") return FALSE;
  if (f.op === "false") return TRUE;
  if (f.op === "not") return f.filter;
  if (f.op === "eq") return { op: "ne", field: f.field, value: f.value };
  if (f.op === "in") return { op: "nin", field: f.field, values: f.values };
  return { op: "not", filter: f };
}

/** Parses LeanCloud's `where` (an object, or its JSON text). */
export function parseWhere(where: unknown): ConversationFilter {
  let value = where;
  if (typeof where === "string") {
    try {
      value = JSON.parse(where);
    } catch {
      throw invalid("where is not valid JSON");
    }
  }
  return new Parser().parse(value);
}

const SORT_COLUMNS = new Set(["objectId", "c", "name", "lm", "createdAt", "updatedAt", "uniqueId"]);

/** `"-lm,name"` → sort keys. Unknown or unsortable keys (m, mu, tr, sys…) are CONVERSATION_QUERY_INVALID. */
export function parseSort(sort: string | undefined | null): ConversationSort[] {
  if (sort == null || sort.trim() === "") return [{ field: { kind: "column", column: "lm" }, direction: "desc" }];
  const keys = sort.split(",").map((k) => k.trim());
  if (keys.length > 8) throw invalid("too many sort keys");
  return keys.map((k) => {
    const direction = k.startsWith("-") ? "desc" : "asc";
    const name = k.replace(/^[-+]/, "");
    if (name === "") throw invalid("empty sort key");
    if (SORT_COLUMNS.has(name)) {
      return { field: { kind: "column", column: name as "objectId" }, direction };
    }
    const target = resolveKey(name);
    if (target.kind !== "attribute") throw invalid(`cannot sort by ${name}`);
    return { field: target.field, direction };
  });
}
