import { describe, expect, it } from "vitest";
import { dictionaries, format, localeFromAcceptLanguage, LOCALES, resolveLocale } from "./config";

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
