import { FORBIDDEN_ATTRIBUTE_KEYS } from "@parley/core";
import { describe, expect, it } from "vitest";
import { diffRaw, flatten, kindOf, parseValue, pathProblem, RESERVED_KEYS, textOf, toEdits } from "./attributes";

describe("attribute paths", () => {
  it("knows the keys core refuses", () => {
    expect([...RESERVED_KEYS].sort()).toEqual([...FORBIDDEN_ATTRIBUTE_KEYS].sort());
  });

  it("accepts plain and dotted paths, refuses empty parts and reserved names", () => {
    expect(pathProblem("level")).toBeNull();
    expect(pathProblem("topic.lang")).toBeNull();
    expect(pathProblem("name")).toBeNull();
    expect(pathProblem(" ")).toEqual({ kind: "empty" });
    expect(pathProblem("a..b")).toEqual({ kind: "segment" });
    expect(pathProblem(".a")).toEqual({ kind: "segment" });
    expect(pathProblem("members")).toEqual({ kind: "reserved", key: "members" });
    expect(pathProblem("x.__proto__")).toEqual({ kind: "reserved", key: "__proto__" });
    expect(pathProblem("x.members")).toBeNull();
  });
});

describe("typed values", () => {
  it("parses each kind, with a clear problem when it cannot", () => {
    expect(parseValue("string", "3")).toEqual({ ok: true, value: "3" });
    expect(parseValue("number", " 3.5 ")).toEqual({ ok: true, value: 3.5 });
    expect(parseValue("number", "three")).toEqual({ ok: false, problem: { kind: "number" } });
    expect(parseValue("number", "")).toEqual({ ok: false, problem: { kind: "number" } });
    expect(parseValue("boolean", "false")).toEqual({ ok: true, value: false });
    expect(parseValue("null", "whatever")).toEqual({ ok: true, value: null });
    expect(parseValue("json", '{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("says where JSON breaks, as line and column", () => {
    const r = parseValue("json", '{\n  "a": 1,\n  b: 2\n}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toEqual({ kind: "json", line: 3, column: 3 });
  });

  it("keeps name as text", () => {
    expect(parseValue("number", "3", "name")).toEqual({ ok: false, problem: { kind: "nameNotText" } });
    expect(parseValue("string", "Team", "name")).toEqual({ ok: true, value: "Team" });
  });

  it("round-trips existing values through the editor's text", () => {
    for (const value of ["x", 2, true, null, { a: 1 }, [1, "2"]]) {
      const parsed = parseValue(kindOf(value), textOf(value));
      expect(parsed).toEqual({ ok: true, value });
    }
  });
});

describe("changes and the tree", () => {
  it("turns changes into edits, the last change of a path winning", () => {
    expect(
      toEdits([
        { path: "a", op: "set", value: 1 },
        { path: "topic.lang", op: "set", value: "en" },
        { path: "a", op: "delete" },
      ]),
    ).toEqual({ a: { __op: "Delete" }, "topic.lang": "en" });
  });

  it("flattens nested objects into rows with paths and depth", () => {
    expect(flatten({ name: "T", topic: { lang: "en", tags: ["a"] }, empty: {} }).map((r) => [r.path, r.depth, r.branch])).toEqual([
      ["name", 0, false],
      ["topic", 0, true],
      ["topic.lang", 1, false],
      ["topic.tags", 1, false],
      ["empty", 0, false],
    ]);
  });
});

describe("raw JSON mode", () => {
  const before = { name: "T", level: 1, topic: { lang: "en" }, gone: true };

  it("sets what changed or is new and deletes what was removed", () => {
    const r = diffRaw(before, JSON.stringify({ name: "T", level: 2, topic: { lang: "zh" }, added: [1] }));
    expect(r).toEqual({ ok: true, value: { level: 2, topic: { lang: "zh" }, added: [1], gone: { __op: "Delete" } } });
    expect(diffRaw(before, JSON.stringify(before))).toEqual({ ok: true, value: {} });
  });

  it("refuses what is not one JSON object, dotted or reserved keys, and a non-text name", () => {
    expect(diffRaw(before, "[1]")).toEqual({ ok: false, problem: { kind: "notObject" } });
    expect(diffRaw(before, "{")).toMatchObject({ ok: false, problem: { kind: "json" } });
    expect(diffRaw(before, '{"a.b": 1}')).toEqual({ ok: false, problem: { kind: "dottedKey", key: "a.b" } });
    expect(diffRaw(before, '{"members": []}')).toEqual({ ok: false, problem: { kind: "reserved", key: "members" } });
    expect(diffRaw(before, '{"name": 5}')).toEqual({ ok: false, problem: { kind: "nameNotText" } });
  });
});
