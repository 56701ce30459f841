import type { Conversation } from "../../conversations/types.js";
import type { ConversationColumn, ConversationFilter, ConversationSort, FilterField, FilterValue } from "../../ports.js";
import { isLcDate, isPlainObject, jsonEqual } from "../../shared/json.js";

/** A conversation as the filter sees it: the record plus its member sets. */
export interface ConversationView {
  conversation: Conversation;
  members: string[];
  mutedMembers: string[];
}

type ColumnValue = string | boolean | Date | null;

export function columnValue(c: Conversation, column: ConversationColumn): ColumnValue {
  switch (column) {
    case "objectId": return c.id;
    case "c": return c.creator;
    case "name": return c.name;
    case "tr": return c.kind === "chatroom";
    case "sys": return c.kind === "service";
    case "unique": return c.unique;
    case "uniqueId": return c.uniqueId;
    case "kind": return c.kind;
    case "lm": return c.lastMessageAt;
    case "createdAt": return c.createdAt;
    case "updatedAt": return c.updatedAt;
  }
}

function attributeAt(c: Conversation, path: string[]): { found: boolean; value: unknown } {
  let current: unknown = c.attributes;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return { found: false, value: undefined };
    current = current[key];
  }
  return { found: true, value: current };
}

/** Equality of one stored JSON value with a filter value (dates against LC Date objects by iso text). */
function valueEquals(stored: unknown, value: FilterValue): boolean {
  if (value instanceof Date) return isLcDate(stored) && stored.iso === value.toISOString();
  return jsonEqual(stored, value);
}

function eq(view: ConversationView, field: FilterField, value: FilterValue): boolean {
  switch (field.kind) {
    case "column": {
      const v = columnValue(view.conversation, field.column);
      if (value === null) return v === null;
      if (value instanceof Date) return v instanceof Date && v.getTime() === value.getTime();
      return v === value;
    }
    case "members":
    case "mutedMembers": {
      const set = field.kind === "members" ? view.members : view.mutedMembers;
      if (typeof value === "string") return set.includes(value);
      if (Array.isArray(value)) {
        const wanted = new Set(value);
        return wanted.size === new Set(set).size && set.every((m) => wanted.has(m));
      }
      return false;
    }
    case "attribute": {
      const { found, value: stored } = attributeAt(view.conversation, field.path);
      if (value === null) return !found || stored === null;
      if (!found) return false;
      if (valueEquals(stored, value)) return true;
      return Array.isArray(stored) && !Array.isArray(value) && stored.some((x) => valueEquals(x, value));
    }
  }
}

function compare(view: ConversationView, field: FilterField, value: number | string | Date): number | null {
  let stored: unknown;
  if (field.kind === "column") stored = columnValue(view.conversation, field.column);
  else if (field.kind === "attribute") stored = attributeAt(view.conversation, field.path).value;
  else return null;
  if (value instanceof Date) {
    if (stored instanceof Date) return stored.getTime() - value.getTime();
    if (isLcDate(stored)) return cmpText(stored.iso, value.toISOString());
    return null;
  }
  if (typeof value === "number") return typeof stored === "number" ? stored - value : null;
  return typeof stored === "string" ? cmpText(stored, value) : null;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function evalFilter(f: ConversationFilter, view: ConversationView): boolean {
  switch (f.op) {
    case "and": return f.filters.every((x) => evalFilter(x, view));
    case "or": return f.filters.some((x) => evalFilter(x, view));
    case "not": return !evalFilter(f.filter, view);
    case "true": return true;
    case "false": return false;
    case "eq": return eq(view, f.field, f.value);
    case "ne": return !eq(view, f.field, f.value);
    case "in": return f.values.some((v) => eq(view, f.field, v));
    case "nin": return !f.values.some((v) => eq(view, f.field, v));
    case "all": {
      if (f.values.length === 0) return false;
      if (f.field.kind === "members" || f.field.kind === "mutedMembers") {
        const set = f.field.kind === "members" ? view.members : view.mutedMembers;
        return f.values.every((v) => typeof v === "string" && set.includes(v));
      }
      if (f.field.kind === "attribute") {
        const stored = attributeAt(view.conversation, f.field.path).value;
        return Array.isArray(stored) && f.values.every((v) => stored.some((x) => valueEquals(x, v)));
      }
      const field = f.field;
      return f.values.every((v) => eq(view, field, v));
    }
    case "size": {
      if (f.field.kind === "members") return view.members.length === f.size;
      if (f.field.kind === "mutedMembers") return view.mutedMembers.length === f.size;
      if (f.field.kind === "attribute") {
        const stored = attributeAt(view.conversation, f.field.path).value;
        return Array.isArray(stored) && stored.length === f.size;
      }
      return false;
    }
    case "exists": {
      let present: boolean;
      if (f.field.kind === "members") present = view.members.length > 0;
      else if (f.field.kind === "mutedMembers") present = view.mutedMembers.length > 0;
      else if (f.field.kind === "attribute") present = attributeAt(view.conversation, f.field.path).found;
      else present = columnValue(view.conversation, f.field.column) !== null;
      return present === f.exists;
    }
    case "regex": {
      const re = new RegExp(f.pattern, f.flags);
      if (f.field.kind === "members" || f.field.kind === "mutedMembers") {
        return (f.field.kind === "members" ? view.members : view.mutedMembers).some((m) => re.test(m));
      }
      const stored = f.field.kind === "column" ? columnValue(view.conversation, f.field.column) : attributeAt(view.conversation, f.field.path).value;
      return typeof stored === "string" && re.test(stored);
    }
    case "gt": case "gte": case "lt": case "lte": {
      const c = compare(view, f.field, f.value);
      if (c === null) return false;
      return f.op === "gt" ? c > 0 : f.op === "gte" ? c >= 0 : f.op === "lt" ? c < 0 : c <= 0;
    }
  }
}

/** jsonb ordering: null/missing < string < number < boolean < array < object. */
function jsonRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "number") return 2;
  if (typeof v === "boolean") return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

function compareJson(a: unknown, b: unknown): number {
  const ra = jsonRank(a);
  const rb = jsonRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0: return 0;
    case 1: return cmpText(a as string, b as string);
    case 2: return (a as number) - (b as number);
    case 3: return Number(a) - Number(b);
    case 4: {
      const x = a as unknown[], y = b as unknown[];
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) {
        const c = compareJson(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
      const kx = Object.keys(x).sort(jsonbKeyOrder), ky = Object.keys(y).sort(jsonbKeyOrder);
      if (kx.length !== ky.length) return kx.length - ky.length;
      for (let i = 0; i < kx.length; i++) {
        const k = jsonbKeyOrder(kx[i]!, ky[i]!);
        if (k !== 0) return k;
        const c = compareJson(x[kx[i]!], y[ky[i]!]);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/** jsonb stores shorter keys first, then by bytes. */
const jsonbKeyOrder = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : cmpText(a, b));

function sortValue(c: Conversation, key: ConversationSort): unknown {
  if (key.field.kind === "column") {
    const v = columnValue(c, key.field.column);
    return v instanceof Date ? v.getTime() : v;
  }
  return attributeAt(c, key.field.path).value;
}

function compareSortValues(a: unknown, b: unknown, column: boolean): number {
  if (column) {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
    if (b === null || b === undefined) return 1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return cmpText(String(a), String(b));
  }
  return compareJson(a, b);
}

export function compareConversations(sort: readonly ConversationSort[]) {
  return (x: Conversation, y: Conversation): number => {
    for (const key of sort) {
      const c = compareSortValues(sortValue(x, key), sortValue(y, key), key.field.kind === "column");
      if (c !== 0) return key.direction === "asc" ? c : -c;
    }
    return cmpText(x.id, y.id);
  };
}
