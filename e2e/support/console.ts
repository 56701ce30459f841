import { expect, type Page } from "@playwright/test";
import { E2E } from "./env";

/** Signs the admin in through the sign-in form, in English. */
export async function signIn(page: Page): Promise<void> {
  await page.context().addCookies([{ name: "parley_locale", value: "en", url: `http://127.0.0.1:${E2E.webPort}` }]);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Full-page screenshot kept as a test artifact (test-results/screens/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}
