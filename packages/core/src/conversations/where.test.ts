import { describe, expect, it } from "vitest";
import { parseSort, parseWhere } from "./where.js";

const M = { kind: "members" } as const;
const col = (column: string) => ({ kind: "column", column });
const attr = (...path: string[]) => ({ kind: "attribute", path });

describe("parseWhere", () => {
  it("parses the SDK's own queries", () => {
    expect(parseWhere({ objectId: "abc" })).toEqual({ op: "eq", field: col("objectId"), value: "abc" });
    expect(parseWhere('{"objectId":{"$in":["a","b"]}}')).toEqual({
      op: "or",
      filters: [
        { op: "eq", field: col("objectId"), value: "a" },
        { op: "eq", field: col("objectId"), value: "b" },
      ],
    });
    expect(parseWhere({ tr: true })).toEqual({ op: "eq", field: col("tr"), value: true });
    expect(parseWhere({ sys: true })).toEqual({ op: "eq", field: col("sys"), value: true });
    expect(parseWhere({})).toEqual({ op: "true" });
  });

  it("maps m, mu and custom keys, dotted paths included", () => {
    expect(parseWhere({ m: "alice" })).toEqual({ op: "eq", field: M, value: "alice" });
    expect(parseWhere({ m: { $all: ["a", "b"], $size: 2 } })).toEqual({
      op: "and",
      filters: [
        { op: "all", field: M, values: ["a", "b"] },
        { op: "size", field: M, size: 2 },
      ],
    });
    expect(parseWhere({ mu: "bob" })).toEqual({ op: "eq", field: { kind: "mutedMembers" }, value: "bob" });
    expect(parseWhere({ "attr.color.text": "#333" })).toEqual({ op: "eq", field: attr("attr", "color", "text"), value: "#333" });
    expect(parseWhere({ level: { $gte: 3, $lt: 9 } })).toEqual({
      op: "and",
      filters: [
        { op: "gte", field: attr("level"), value: 3 },
        { op: "lt", field: attr("level"), value: 9 },
      ],
    });
  });

  it("turns LC Date objects into dates, for columns and attributes", () => {
    const iso = "2024-02-02T00:00:00.000Z";
    expect(parseWhere({ lm: { $gt: { __type: "Date", iso } } })).toEqual({ op: "gt", field: col("lm"), value: new Date(iso) });
    expect(parseWhere({ createdAt: { $lte: Date.parse(iso) } })).toEqual({ op: "lte", field: col("createdAt"), value: new Date(iso) });
    expect(parseWhere({ when: { __type: "Date", iso } })).toEqual({ op: "eq", field: attr("when"), value: new Date(iso) });
    expect(() => parseWhere({ when: { __type: "Date", iso: "garbage" } })).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
  });

  it("translates the SDK's contains/startsWith/endsWith \\Q…\\E regexes", () => {
    expect(parseWhere({ name: { $regex: "\\Qa.b\\E" } })).toEqual({ op: "regex", field: col("name"), pattern: "a\\.b", flags: "" });
    expect(parseWhere({ name: { $regex: "^\\Qx*\\E", $options: "i" } })).toEqual({ op: "regex", field: col("name"), pattern: "^x\\*", flags: "i" });
    expect(parseWhere({ m: { $regex: "\\Qb\\E$" } })).toEqual({ op: "regex", field: M, pattern: "b$", flags: "" });
  });

  it("supports $ne, $nin, $exists, $and, $or", () => {
    expect(parseWhere({ c: { $ne: "alice" } })).toEqual({ op: "ne", field: col("c"), value: "alice" });
    expect(parseWhere({ m: { $nin: ["a"] } })).toEqual({ op: "ne", field: M, value: "a" });
    expect(parseWhere({ m: { $nin: ["a", "b"] } })).toEqual({
      op: "not",
      filter: { op: "or", filters: [{ op: "eq", field: M, value: "a" }, { op: "eq", field: M, value: "b" }] },
    });
    expect(parseWhere({ x: { $exists: false } })).toEqual({ op: "exists", field: attr("x"), exists: false });
    expect(parseWhere({ $or: [{ a: 1 }, { $and: [{ b: 2 }, { c: "z" }] }] })).toEqual({
      op: "or",
      filters: [
        { op: "eq", field: attr("a"), value: 1 },
        {
          op: "and",
          filters: [
            { op: "eq", field: attr("b"), value: 2 },
            { op: "eq", field: col("c"), value: "z" },
          ],
        },
      ],
    });
  });

  it("folds comparisons a column's type can never satisfy", () => {
    expect(parseWhere({ tr: "yes" })).toEqual({ op: "false" });
    expect(parseWhere({ tr: { $ne: "yes" } })).toEqual({ op: "true" });
    expect(parseWhere({ m: 5 })).toEqual({ op: "false" });
    expect(parseWhere({ m: { $gt: "a" } })).toEqual({ op: "false" });
    expect(parseWhere({ name: { $in: [] } })).toEqual({ op: "false" });
    expect(parseWhere({ name: { $nin: [] } })).toEqual({ op: "true" });
    expect(parseWhere({ lm: { $gt: true } })).toEqual({ op: "false" });
    expect(parseWhere({ a: 1, tr: 1 })).toEqual({ op: "false" });
  });

  it("rejects malformed queries with CONVERSATION_QUERY_INVALID", () => {
    const bad: unknown[] = [
      "not json",
      "[]",
      [],
      { $where: "1" },
      { a: { $foo: 1 } },
      { a: { $in: "x" } },
      { a: { $size: -1 } },
      { a: { $exists: "yes" } },
      { a: { $gt: { b: 1 } } },
      { a: { $options: "i" } },
      { a: { $regex: "(" } },
      { a: { $gt: 1, b: 2 } },
      { "a..b": 1 },
      { "m.x": 1 },
      { $or: [] },
      { $and: "x" },
      { a: { $in: new Array(1001).fill(1) } },
    ];
    for (const where of bad) {
      expect(() => parseWhere(where), JSON.stringify(where)?.slice(0, 60)).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
    }
  });

  it("limits nesting", () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 10; i++) deep = { $and: [deep] };
    expect(() => parseWhere(deep)).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
  });
});

describe("parseSort", () => {
  it("defaults to -lm and parses comma lists", () => {
    expect(parseSort(undefined)).toEqual([{ field: col("lm"), direction: "desc" }]);
    expect(parseSort("-lm,name,level.x")).toEqual([
      { field: col("lm"), direction: "desc" },
      { field: col("name"), direction: "asc" },
      { field: attr("level", "x"), direction: "asc" },
    ]);
  });

  it("rejects sets and booleans", () => {
    for (const s of ["m", "-mu", "tr", "a,,b", "-"]) {
      expect(() => parseSort(s)).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
    }
  });
});
