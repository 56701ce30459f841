import { expect, test } from "@playwright/test";
import { screenshot, signIn } from "../support/console";

test.describe("console", () => {
  test("an unknown operator is refused with the same message as a wrong password", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await screenshot(page, "sign-in-refused");
  });

  test("the admin signs in and every main page renders", async ({ page }) => {
    await signIn(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const [name, file] of [
      ["Overview", "overview"],
      ["Apps", "apps"],
      ["Conversations", "conversations"],
      ["Service conversations", "service-conversations"],
      ["Clients", "clients"],
      ["Audit log", "audit-log"],
    ] as const) {
      await nav.getByRole("link", { name, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await screenshot(page, `en-${file}`);
    }
  });

  test("switching to Simplified Chinese is remembered", async ({ page }) => {
    await signIn(page);
    await page.getByLabel("Language").selectOption("zh-CN");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(nav.getByRole("link", { name: "对话", exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await screenshot(page, "zh-overview");
    await nav.getByRole("link", { name: "对话", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "对话" })).toBeVisible();
    await screenshot(page, "zh-conversations");
  });
});
