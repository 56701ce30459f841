import type { ConversationColumn, ConversationFilter, ConversationSort, FilterField, FilterValue } from "@parley/core";
import { sql, type SQL } from "drizzle-orm";
import { conversations as c } from "../schema/index.js";
import { toPostgresRegex } from "./regex.js";

/**
 * Translates core's conversation filter AST into a SQL predicate over
 * `conversations`, with MongoDB semantics (see ConversationFilter in core).
 *
 * NOT is pushed down to the leaves (De Morgan), and a negated leaf is
 * `not coalesce(P, false)`, so three-valued logic never turns a "no" into a
 * "yes" or vice versa: positive leaves may yield NULL where they mean false.
 */
export function filterToSql(filter: ConversationFilter, negated = false): SQL {
  switch (filter.op) {
    case "and":
    case "or": {
      const parts = filter.filters.map((f) => filterToSql(f, negated));
      const isAnd = (filter.op === "and") !== negated;
      if (parts.length === 0) return isAnd ? TRUE : FALSE;
      return sql`(${sql.join(parts, isAnd ? sql` and ` : sql` or `)})`;
    }
    case "not":
      return filterToSql(filter.filter, !negated);
    case "true":
      return negated ? FALSE : TRUE;
    case "false":
      return negated ? TRUE : FALSE;
    default: {
      const p = leaf(filter);
      return negated ? sql`(not coalesce(${p}, false))` : p;
    }
  }
}

const TRUE = sql`true`;
const FALSE = sql`false`;

type Leaf = Exclude<ConversationFilter, { op: "and" | "or" | "not" | "true" | "false" }>;

function leaf(f: Leaf): SQL {
  switch (f.field.kind) {
    case "column":
      return columnLeaf(f.field.column, f);
    case "members":
      return setLeaf(false, f);
    case "mutedMembers":
      return setLeaf(true, f);
    case "attribute":
      return attributeLeaf(f.field.path, f);
  }
}

const not = (p: SQL): SQL => sql`(not coalesce(${p}, false))`;
const or = (parts: SQL[]): SQL => (parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`);
const and = (parts: SQL[]): SQL => (parts.length === 0 ? TRUE : parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` and `)})`);

const isDate = (v: unknown): v is Date => v instanceof Date;
const iso = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** A filter value as the JSON stored in attributes (dates as LeanCloud Date objects). */
function toJson(v: FilterValue): unknown {
  if (isDate(v)) return { __type: "Date", iso: v.toISOString() };
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}
const jsonb = (v: unknown): SQL => sql`${JSON.stringify(v)}::jsonb`;

// ---------------------------------------------------------------------------
// Scalar columns
// ---------------------------------------------------------------------------

type ColumnType = "string" | "boolean" | "date";

function columnInfo(column: ConversationColumn): { expr: SQL; type: ColumnType; nullable: boolean } {
  switch (column) {
    case "objectId":
      return { expr: sql`${c.id}`, type: "string", nullable: false };
    case "c":
      return { expr: sql`${c.creator}`, type: "string", nullable: true };
    case "name":
      return { expr: sql`${c.name}`, type: "string", nullable: true };
    case "uniqueId":
      return { expr: sql`${c.uniqueId}`, type: "string", nullable: true };
    case "kind":
      return { expr: sql`(${c.kind}::text collate "C")`, type: "string", nullable: false };
    case "tr":
      return { expr: sql`(${c.kind} = 'chatroom')`, type: "boolean", nullable: false };
    case "sys":
      return { expr: sql`(${c.kind} = 'service')`, type: "boolean", nullable: false };
    case "unique":
      return { expr: sql`${c.unique}`, type: "boolean", nullable: false };
    case "lm":
      return { expr: sql`${c.lastMessageAt}`, type: "date", nullable: true };
    case "createdAt":
      return { expr: sql`${c.createdAt}`, type: "date", nullable: false };
    case "updatedAt":
      return { expr: sql`${c.updatedAt}`, type: "date", nullable: false };
  }
}

const matchesType = (type: ColumnType, v: unknown): boolean =>
  type === "string" ? typeof v === "string" : type === "boolean" ? typeof v === "boolean" : isDate(v);

const literal = (type: ColumnType, v: string | boolean | Date): SQL =>
  type === "date" ? iso(v as Date) : type === "boolean" ? (v ? TRUE : FALSE) : sql`${v as string}`;

function columnEq(column: ConversationColumn, v: FilterValue): SQL {
  const { expr, type, nullable } = columnInfo(column);
  if (v === null) return nullable ? sql`(${expr} is null)` : FALSE;
  if (!matchesType(type, v)) return FALSE;
  if (type === "boolean") return v ? expr : sql`(not ${expr})`;
  return sql`(${expr} = ${literal(type, v as string | Date)})`;
}

function columnLeaf(column: ConversationColumn, f: Leaf): SQL {
  const { expr, type, nullable } = columnInfo(column);
  switch (f.op) {
    case "eq":
      return columnEq(column, f.value);
    case "ne":
      return not(columnEq(column, f.value));
    case "in": {
      const strings = type === "string" ? f.values.filter((v): v is string => typeof v === "string") : [];
      const others = f.values.filter((v) => !(type === "string" && typeof v === "string"));
      const parts = others.map((v) => columnEq(column, v));
      if (strings.length > 0) parts.unshift(sql`(${expr} in (${sql.join(strings.map((s) => sql`${s}`), sql`, `)}))`);
      return or(parts);
    }
    case "nin":
      return not(columnLeaf(column, { ...f, op: "in" }));
    case "all":
      return f.values.length === 0 ? FALSE : and(f.values.map((v) => columnEq(column, v)));
    case "size":
      return FALSE;
    case "exists":
      if (!nullable) return f.exists ? TRUE : FALSE;
      return f.exists ? sql`(${expr} is not null)` : sql`(${expr} is null)`;
    case "regex":
      return type === "string" ? regexMatch(expr, f.pattern, f.flags) : FALSE;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (type === "boolean" || !matchesType(type, f.value)) return FALSE;
      return sql`(${expr} ${sql.raw(COMPARATORS[f.op])} ${literal(type, f.value as string | Date)})`;
  }
}

const COMPARATORS = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** Case-insensitivity needs a Unicode-aware collation; "C" folds ASCII only. */
const regexMatch = (textExpr: SQL, pattern: string, flags: string): SQL =>
  sql`((${textExpr}) collate "default" ~ ${toPostgresRegex(pattern, flags)})`;

// ---------------------------------------------------------------------------
// Member sets (m, mu)
// ---------------------------------------------------------------------------

function setLeaf(muted: boolean, f: Leaf): SQL {
  const scope = muted ? sql` and cm.push_muted` : sql``;
  const exists = (cond: SQL): SQL =>
    sql`exists (select 1 from conversation_members cm where cm.conversation_id = ${c.id}${scope} and ${cond})`;
  const countWhere = (cond: SQL): SQL =>
    sql`(select count(*) from conversation_members cm where cm.conversation_id = ${c.id}${scope} and ${cond})`;
  const size = muted ? countWhere(TRUE) : sql`${c.memberCount}`;
  const ids = (values: readonly string[]): SQL => sql.join([...new Set(values)].map((v) => sql`${v}`), sql`, `);

  const eq = (v: FilterValue): SQL => {
    if (typeof v === "string") return exists(sql`cm.client_id = ${v}`);
    if (Array.isArray(v)) {
      if (!v.every((x): x is string => typeof x === "string")) return FALSE;
      const set = [...new Set(v)];
      if (set.length === 0) return not(exists(TRUE));
      return sql`(${size} = ${set.length} and ${countWhere(sql`cm.client_id in (${ids(set)})`)} = ${set.length})`;
    }
    return FALSE;
  };

  switch (f.op) {
    case "eq":
      return eq(f.value);
    case "ne":
      return not(eq(f.value));
    case "in": {
      const strings = f.values.filter((v): v is string => typeof v === "string");
      const parts = f.values.filter((v) => typeof v !== "string").map(eq);
      if (strings.length > 0) parts.unshift(exists(sql`cm.client_id in (${ids(strings)})`));
      return or(parts);
    }
    case "nin":
      return not(setLeaf(muted, { ...f, op: "in" }));
    case "all": {
      if (f.values.length === 0 || !f.values.every((v): v is string => typeof v === "string")) return FALSE;
      const set = [...new Set(f.values as string[])];
      return sql`(${countWhere(sql`cm.client_id in (${ids(set)})`)} = ${set.length})`;
    }
    case "size":
      return sql`(${size} = ${f.size})`;
    case "exists":
      return f.exists ? exists(TRUE) : not(exists(TRUE));
    case "regex":
      return exists(regexMatch(sql`cm.client_id`, f.pattern, f.flags));
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return FALSE; // ordering comparisons apply to scalars only
  }
}

// ---------------------------------------------------------------------------
// Custom attributes (jsonb)
// ---------------------------------------------------------------------------

/**
 * The jsonb value at `path`, SQL NULL when missing. Paths walk objects only: a
 * numeric segment does not index into an array (jsonb_extract_path would).
 */
const at = (path: readonly string[]): SQL => {
  const extract = (p: readonly string[]) => sql`jsonb_extract_path(${c.attributes}, ${sql.join(p.map((k) => sql`${k}::text`), sql`, `)})`;
  const guards = path.flatMap((k, i) => (i > 0 && /^\d+$/.test(k) ? [sql`jsonb_typeof(${extract(path.slice(0, i))}) = 'object'`] : []));
  return guards.length === 0 ? extract(path) : sql`(case when ${and(guards)} then ${extract(path)} end)`;
};

/** `{"a":{"b": v}}` for path a.b: a containment probe the GIN index answers (containment follows object keys, like `at`). */
const nest = (path: readonly string[], v: unknown): unknown => path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), v);
const contains = (path: readonly string[], v: unknown): SQL => sql`(${c.attributes} @> ${jsonb(nest(path, v))})`;

const isPrimitive = (v: FilterValue): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isArray = (x: SQL): SQL => sql`(jsonb_typeof(${x}) = 'array')`;

/** The array at x has an element equal to v. */
function arrayHas(path: readonly string[], x: SQL, v: FilterValue): SQL {
  if (v === null) return sql`(case when ${isArray(x)} then ${x} @> '[null]'::jsonb else false end)`;
  if (isPrimitive(v)) return sql`(${contains(path, [v])} and (case when ${isArray(x)} then ${x} @> ${jsonb([v])} else false end))`;
  const element = isDate(v) ? sql`parley_lc_date(e) = ${iso(v)}` : sql`e = ${jsonb(toJson(v))}`;
  return sql`(case when ${isArray(x)} then exists (select 1 from jsonb_array_elements(${x}) e where ${element}) else false end)`;
}

/**
 * The value at path equals v (deep JSON equality; a Date equals a stored LeanCloud date of the
 * same instant), or — for a non-array v — is an array with an element equal to v.
 * A null v also matches a missing path.
 */
function attributeEq(path: readonly string[], v: FilterValue): SQL {
  const x = at(path);
  if (v === null) return sql`(${x} is null or ${x} = 'null'::jsonb)`;
  if (isDate(v)) return sql`(parley_lc_date(${x}) = ${iso(v)} or ${arrayHas(path, x, v)})`;
  // Exact for primitives: {"a":{"b":1}} ⊇ {"a":{"b":1}}, and an array contains a primitive only as an element.
  if (isPrimitive(v)) return sql`(${contains(path, v)} or ${contains(path, [v])})`;
  const json = toJson(v);
  const direct = sql`(${contains(path, json)} and ${x} = ${jsonb(json)})`;
  return Array.isArray(v) ? direct : sql`(${direct} or ${arrayHas(path, x, v)})`;
}

function attributeLeaf(path: readonly string[], f: Leaf): SQL {
  const x = at(path);
  switch (f.op) {
    case "eq":
      return attributeEq(path, f.value);
    case "ne":
      return not(attributeEq(path, f.value));
    case "in":
      return or(f.values.map((v) => attributeEq(path, v)));
    case "nin":
      return not(or(f.values.map((v) => attributeEq(path, v))));
    case "all":
      return f.values.length === 0 ? FALSE : and(f.values.map((v) => arrayHas(path, x, v)));
    case "size":
      return sql`(case when ${isArray(x)} then jsonb_array_length(${x}) = ${f.size} else false end)`;
    case "exists":
      return f.exists ? sql`(${x} is not null)` : sql`(${x} is null)`;
    case "regex":
      return sql`(case when jsonb_typeof(${x}) = 'string' then ${regexMatch(sql`${x} #>> '{}'`, f.pattern, f.flags)} else false end)`;
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const op = sql.raw(COMPARATORS[f.op]);
      const v = f.value;
      if (typeof v === "number") {
        return sql`(case when jsonb_typeof(${x}) = 'number' then (${x})::numeric ${op} ${String(v)}::numeric else false end)`;
      }
      if (typeof v === "string") {
        return sql`(case when jsonb_typeof(${x}) = 'string' then (${x} #>> '{}') collate "C" ${op} ${v} else false end)`;
      }
      return sql`(parley_lc_date(${x}) ${op} ${iso(v)})`;
    }
  }
}

// ---------------------------------------------------------------------------
// Sort
// ---------------------------------------------------------------------------

const SORT_COLUMNS = {
  objectId: c.id,
  c: c.creator,
  name: c.name,
  lm: c.lastMessageAt,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  uniqueId: c.uniqueId,
} as const;

/** ORDER BY terms: nulls/missing lowest (first ascending, last descending), then id ascending. */
export function sortToSql(sort: readonly ConversationSort[]): SQL[] {
  const terms = sort.map((s) => {
    const dir = s.direction === "asc" ? sql`asc nulls first` : sql`desc nulls last`;
    if (s.field.kind === "column") return sql`${SORT_COLUMNS[s.field.column]} ${dir}`;
    // jsonb order; a JSON null sorts like a missing value. LeanCloud dates are objects whose
    // first key in jsonb order is "iso", so they order among themselves by their iso text.
    return sql`nullif(${at(s.field.path)}, 'null'::jsonb) ${dir}`;
  });
  if (!sort.some((s) => s.field.kind === "column" && s.field.column === "objectId")) terms.push(sql`${c.id} asc`);
  return terms;
}

export type { FilterField };
