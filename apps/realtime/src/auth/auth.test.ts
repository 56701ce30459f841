import { describe, expect, it } from "vitest";
import { signLogin } from "../testing/signatures.js";
import { isOriginAllowed } from "./origin.js";

describe("isOriginAllowed", () => {
  const list = ["https://chat.example.com", "app.example.net", "*.example.org"];
  it.each([
    ["https://chat.example.com", true],
    ["http://chat.example.com", false],
    ["https://chat.example.com:8443", false],
    ["http://app.example.net:3000", true],
    ["https://a.b.example.org", true],
    ["https://example.org", false],
    ["https://evilexample.org", false],
    ["null", false],
    ["not a url", false],
  ])("%s → %s", (origin, allowed) => {
    expect(isOriginAllowed(origin, list)).toBe(allowed);
  });

  it("allows everything with an empty list, and requests without Origin", () => {
    expect(isOriginAllowed("https://anything.test", [])).toBe(true);
    expect(isOriginAllowed(undefined, list)).toBe(true);
  });
});

describe("signLogin (test helper)", () => {
  it("matches LeanCloud's documented message format appId:clientId::t:n", () => {
    // echo -n 'app:alice::1500000000:nonce' | openssl dgst -sha1 -hmac master
    expect(signLogin("master", "app", "alice", 1_500_000_000, "nonce")).toBe("22e4d26e319c3d71d7a4d37981c3339d41776c65");
  });
});
