import { describe, expect, it } from "vitest";
import { dictionaries, format, localeFromAcceptLanguage, LOCALES, plural, resolveLocale } from "./config";

type Tree = { [key: string]: string | Tree };

const leaves = (tree: Tree, prefix = ""): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe("dictionaries", () => {
  const reference = new Map(leaves(dictionaries.en as unknown as Tree));

  it.each(LOCALES)("%s has exactly the English keys, none empty, with the same placeholders", (locale) => {
    const entries = leaves(dictionaries[locale] as unknown as Tree);
    expect(entries.map(([key]) => key).sort()).toEqual([...reference.keys()].sort());
    for (const [key, value] of entries) {
      expect(value.trim(), key).not.toBe("");
      expect(placeholders(value), key).toEqual(placeholders(reference.get(key)!));
    }
  });
});

describe("locale negotiation", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["zh-TW", "zh-CN"],
    ["zh", "zh-CN"],
    ["en-US,en;q=0.9,zh-CN;q=0.8", "en"],
    ["fr-FR,zh-CN;q=0.7,en;q=0.5", "zh-CN"],
    ["en;q=0.2, zh-Hans-CN;q=0.9", "zh-CN"],
    ["de,fr", "en"],
    ["zh;q=0, en", "en"],
  ] as const)("Accept-Language %j → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it("prefers the cookie, ignoring unknown values", () => {
    expect(resolveLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(resolveLocale("en", "zh-CN")).toBe("en");
    expect(resolveLocale("klingon", "zh-CN")).toBe("zh-CN");
    expect(resolveLocale(undefined, null)).toBe("en");
  });

  it("fills placeholders and leaves unknown ones", () => {
    expect(format("Try again in {minutes} min ({unknown}).", { minutes: 15 })).toBe("Try again in 15 min ({unknown}).");
  });
});

describe("plural", () => {
  const members = { one: "{count} member", other: "{count} members" };
  it("picks the English form by count and formats the number", () => {
    expect(plural("en", members, 0)).toBe("0 members");
    expect(plural("en", members, 1)).toBe("1 member");
    expect(plural("en", members, 2)).toBe("2 members");
    expect(plural("en", members, 12345)).toBe("12,345 members");
  });

  it("uses the one Chinese form for every count", () => {
    const zh = { one: "{count} 位成员", other: "{count} 位成员" };
    expect(plural("zh-CN", zh, 1)).toBe("1 位成员");
    expect(plural("zh-CN", zh, 2)).toBe("2 位成员");
  });

  it("fills other placeholders", () => {
    expect(plural("en", { one: "{count} of {total}", other: "{count} of {total}" }, 1, { total: 3 })).toBe("1 of 3");
  });

  it("every plural message in English has a singular that differs from its plural", () => {
    const walk = (tree: Record<string, unknown>, path: string[] = []): string[] =>
      Object.entries(tree).flatMap(([key, value]) => {
        if (typeof value !== "object" || value === null) return [];
        const keys = Object.keys(value).sort().join(",");
        if (keys === "one,other") {
          const { one, other } = value as { one: string; other: string };
          return one === other ? [[...path, key].join(".")] : [];
        }
        return walk(value as Record<string, unknown>, [...path, key]);
      });
    expect(walk(dictionaries.en as unknown as Record<string, unknown>)).toEqual([]);
  });
});
