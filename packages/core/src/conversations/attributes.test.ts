import { describe, expect, it } from "vitest";
import { applyAttributeUpdate, splitCreateAttributes } from "./attributes.js";

describe("applyAttributeUpdate", () => {
  const base = { name: "n", attributes: { color: { text: "#000", bg: "#fff" }, count: 1, tags: ["a"] } };

  it("sets dotted paths, creating intermediate objects, keeping siblings", () => {
    const r = applyAttributeUpdate(base, { "color.text": "#333", "deep.er.x": 1, name: "renamed" });
    expect(r.attributes).toEqual({ color: { text: "#333", bg: "#fff" }, count: 1, tags: ["a"], deep: { er: { x: 1 } } });
    expect(r.name).toBe("renamed");
    expect(r.modified).toEqual({ "color.text": "#333", "deep.er.x": 1, name: "renamed" });
    expect(base.attributes.color.text).toBe("#000");
  });

  it("replaces a non-object in the way", () => {
    expect(applyAttributeUpdate(base, { "count.x": 2 }).attributes.count).toEqual({ x: 2 });
  });

  it("applies keys in order (parent then child, child then parent)", () => {
    expect(applyAttributeUpdate(base, { color: { a: 1 }, "color.b": 2 }).attributes.color).toEqual({ a: 1, b: 2 });
    expect(applyAttributeUpdate(base, { "color.b": 2, color: { a: 1 } }).attributes.color).toEqual({ a: 1 });
  });

  it("supports Delete, Increment, Add, AddUnique, Remove", () => {
    const r = applyAttributeUpdate(base, {
      "color.bg": { __op: "Delete" },
      count: { __op: "Increment", amount: 2 },
      tags: { __op: "AddUnique", objects: ["a", "b"] },
      more: { __op: "Add", objects: [1, 1] },
      name: { __op: "Delete" },
    });
    expect(r.attributes).toEqual({ color: { text: "#000" }, count: 3, tags: ["a", "b"], more: [1, 1] });
    expect(r.name).toBeNull();
    expect(r.modified["color.bg"]).toEqual({ __op: "Delete" });
    expect(applyAttributeUpdate(base, { tags: { __op: "Remove", objects: ["a"] } }).attributes.tags).toEqual([]);
    expect(applyAttributeUpdate(base, { missing: { __op: "Delete" } }).attributes).toEqual(base.attributes);
  });

  it("rejects reserved keys, bad paths and bad operations with INVALID_INPUT", () => {
    for (const attr of [
      { m: ["x"] },
      { "tr.x": 1 },
      { objectId: "x" },
      { lm: 1 },
      { members: [] },
      { "a..b": 1 },
      { "__proto__.x": 1 },
      { "name.x": 1 },
      { name: 5 },
      { x: { __op: "Bogus" } },
      { "color.text": { __op: "Increment" } },
      { count: { __op: "Add", objects: [1] } },
      {},
    ]) {
      expect(() => applyAttributeUpdate(base, attr as never), JSON.stringify(attr)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });
});

describe("splitCreateAttributes", () => {
  it("takes name out and nests dotted keys", () => {
    expect(splitCreateAttributes({ name: "hello", foo: 1, "a.b": 2 })).toEqual({ name: "hello", attributes: { foo: 1, a: { b: 2 } } });
    expect(() => splitCreateAttributes({ c: "x" })).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});
