import { expect, type Page } from "@playwright/test";
import { E2E } from "./env";

/** Signs the admin in through the sign-in form, in English. */
export async function signIn(page: Page): Promise<void> {
  await signInAs(page, E2E.adminEmail, E2E.adminPassword);
}

/** Signs any operator in through the sign-in form, in English. */
export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await setLanguage(page, "en");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Picks the console's language for this browser context (takes effect on the next navigation). */
export async function setLanguage(page: Page, locale: "en" | "zh-CN"): Promise<void> {
  await page.context().addCookies([{ name: "parley_locale", value: locale, url: `http://127.0.0.1:${E2E.webPort}` }]);
}

/**
 * Waits until the page shows content rather than placeholders: no route-level skeleton
 * (`aria-busy`), no "Loading…" text in either language, no button still busy.
 */
export async function waitForContent(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByText(/^(Loading…|加载中…)$/)).toHaveCount(0);
}

/**
 * Full-page screenshot kept as a test artifact (test-results/screens/<name>.png), taken once
 * content has loaded, from the top of the page and with nothing focused (a full-page capture of
 * a scrolled page misplaces the sticky shell; a focused skip link would cover the header).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await waitForContent(page);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}
