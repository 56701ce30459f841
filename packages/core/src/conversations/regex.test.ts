import { describe, expect, it } from "vitest";
import { parseRegex, translateQuotedLiterals } from "./regex.js";

describe("translateQuotedLiterals", () => {
  it("turns \\Q…\\E into an escaped literal", () => {
    expect(translateQuotedLiterals("\\Qa.b\\E")).toBe("a\\.b");
    expect(translateQuotedLiterals("^\\Qhello (world)?\\E")).toBe("^hello \\(world\\)\\?");
    expect(translateQuotedLiterals("\\Q[x]*+{1}|$^\\E$")).toBe("\\[x\\]\\*\\+\\{1\\}\\|\\$\\^$");
  });

  it("handles the SDK's quoting of a literal \\E (a.b\\Ec → \\Qa.b\\E\\\\E\\Qc\\E)", () => {
    const sdk = "\\Qa.b\\E\\\\E\\Qc\\E";
    const translated = translateQuotedLiterals(sdk);
    expect(translated).toBe("a\\.b\\\\Ec");
    expect(new RegExp(translated).test("xa.b\\Ecx")).toBe(true);
    expect(new RegExp(translated).test("axb\\Ec")).toBe(false);
  });

  it("quotes to the end when \\E is missing, and leaves other escapes alone", () => {
    expect(translateQuotedLiterals("\\Qa.b")).toBe("a\\.b");
    expect(translateQuotedLiterals("\\d+\\.\\Q.\\E")).toBe("\\d+\\.\\.");
    expect(translateQuotedLiterals("\\\\Q")).toBe("\\\\Q");
  });

  it("keeps unicode and alphanumerics unescaped", () => {
    expect(translateQuotedLiterals("\\Q你好 a1\\E")).toBe("你好 a1");
  });
});

describe("parseRegex", () => {
  it("accepts i and m options only", () => {
    expect(parseRegex("^a", "im")).toEqual({ pattern: "^a", flags: "im" });
    expect(parseRegex("^a", undefined)).toEqual({ pattern: "^a", flags: "" });
    expect(() => parseRegex("^a", "g")).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
    expect(() => parseRegex("^a", "s")).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
  });

  it("rejects non-strings, uncompilable patterns and named groups", () => {
    for (const bad of [1, "(", "a[", "(?<name>x)", "x".repeat(1025)]) {
      expect(() => parseRegex(bad, undefined)).toThrow(expect.objectContaining({ code: "CONVERSATION_QUERY_INVALID" }));
    }
    expect(parseRegex("(?<=a)b", undefined).pattern).toBe("(?<=a)b");
  });
});
