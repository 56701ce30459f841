import { describe, expect, it } from "vitest";
import { createSequentialIds } from "./ids.js";

describe("createSequentialIds", () => {
  it("renders the real formats, in increasing code-unit order", () => {
    const ids = createSequentialIds();
    const messages = Array.from({ length: 200 }, () => ids.messageId());
    for (const id of messages) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect([...messages].sort()).toEqual(messages);
    expect(ids.objectId()).toMatch(/^[0-9a-f]{24}$/);
    expect(ids.temporaryConversationId()).toMatch(/^_tmp:[A-Za-z0-9_-]{22}$/);
    expect(new Set(messages).size).toBe(200);
  });
});
