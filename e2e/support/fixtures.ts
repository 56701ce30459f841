/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK is untyped CommonJS */
import { test as base, expect, type Page } from "@playwright/test";
import { connectClient, type IMClient, type Sdk } from "./sdk";

export type Connected = Awaited<ReturnType<typeof connectClient>>;

/** A conversation as the SDK hands it out. */
export type SdkConversation = any;

/**
 * `test` with two fixtures:
 * - `ids`: client ids and names unique to this test (and this run), so tests never share data;
 * - `sdk`: connects official SDK clients and closes every one of them when the test ends,
 *   whatever happened.
 */
export const test = base.extend<{
  ids: (role: string) => string;
  sdk: { connect(clientId: string): Promise<Connected> };
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take a destructured first argument
  ids: async ({}, use, testInfo) => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await use((role) => `e2e-${testInfo.workerIndex}-${run}-${role}`);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take a destructured first argument
  sdk: async ({}, use) => {
    const open: Connected[] = [];
    await use({
      async connect(clientId) {
        const connected = await connectClient(clientId);
        open.push(connected);
        return connected;
      },
    });
    await Promise.all(open.map((c) => c.close()));
  },
});

export { expect };

/**
 * Client A creates a conversation named `name` with B; B learns about it through INVITED.
 * Returns both clients and both sides' conversation objects.
 */
export async function pair(
  sdk: { connect(clientId: string): Promise<Connected> },
  aId: string,
  bId: string,
  name: string,
): Promise<{ a: IMClient; b: IMClient; aSdk: Sdk; bSdk: Sdk; conversation: SdkConversation; bobs: SdkConversation }> {
  const [alice, bob] = await Promise.all([sdk.connect(aId), sdk.connect(bId)]);
  const invited = nextOf(bob.client, bob.sdk.Event.INVITED);
  const conversation = await alice.client.createConversation({ members: [bId], name });
  const [, bobs] = await invited;
  expect(bobs.id).toBe(conversation.id);
  return { a: alice.client, b: bob.client, aSdk: alice.sdk, bSdk: bob.sdk, conversation, bobs };
}

/** Resolves with the arguments of the next `event` on `emitter`; rejects after `ms`. Start it before the action. */
export function nextOf(emitter: IMClient, event: string, ms = 10_000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${ms} ms`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Resolves with the arguments of the first `event` whose arguments pass `match`. */
export function nextMatching(emitter: IMClient, event: string, match: (...args: any[]) => boolean, ms = 10_000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no matching "${event}" event within ${ms} ms`));
    }, ms);
    emitter.on(event, listener);
  });
}

/** Opens a conversation's detail page and waits until its header shows. */
export async function openConversation(page: Page, conversationId: string, name: string): Promise<void> {
  await page.goto(`/conversations/${encodeURIComponent(conversationId)}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Selects one of the conversation page's tabs by its visible label. */
export async function openTab(page: Page, label: string): Promise<void> {
  const tab = page.getByRole("tab", { name: label, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}
