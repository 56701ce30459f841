import { describe, expect, it } from "vitest";
import { parseSettings, parseSignatures, UsageError } from "./args.js";

describe("parseSignatures", () => {
  it("switches on exactly the named signatures", () => {
    expect(parseSignatures("login,conversation")).toEqual({ login: true, conversation: true, blacklist: false, history: false });
  });
  it("none switches every signature off", () => {
    expect(parseSignatures("none")).toEqual({ login: false, conversation: false, blacklist: false, history: false });
  });
  it("refuses an unknown name", () => {
    expect(() => parseSignatures("login,logn")).toThrow(UsageError);
  });
});

describe("parseSettings", () => {
  it("builds nested settings from dotted paths, parsing JSON values", () => {
    expect(parseSettings(["limits.messageBytes=10240", "features.recall=false", 'originAllowList=["https://a.example"]', "serviceWebhookUrl=https://hooks.example/x"])).toEqual({
      limits: { messageBytes: 10240 },
      features: { recall: false },
      originAllowList: ["https://a.example"],
      serviceWebhookUrl: "https://hooks.example/x",
    });
  });
  it("refuses a pair without a value", () => {
    expect(() => parseSettings(["limits.messageBytes"])).toThrow(UsageError);
  });
});
