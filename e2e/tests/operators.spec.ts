import { screenshot, setLanguage, signIn, signInAs } from "../support/console";
import { expect, test } from "../support/fixtures";

test.describe("operators", () => {
  test("an admin adds a moderator with a generated password; the moderator has no admin pages; disabling ends their session", async ({ page, browser, ids }) => {
    const email = `${ids("mod")}@example.test`;
    const name = `Mo ${ids("name").slice(-6)}`;

    await signIn(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Operators", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Operators" })).toBeVisible();
    const table = page.getByRole("table", { name: "Operators" });
    await expect(table.getByRole("row").filter({ hasText: "admin@e2e.parley.test" })).toContainText("You");

    await page.getByRole("button", { name: "New operator" }).click();
    const create = page.getByRole("dialog", { name: "Add an operator" });
    await create.getByLabel("Email").fill(email);
    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Role").selectOption("moderator");
    await expect(create.getByLabel("Generate a strong password")).toBeChecked();
    await create.getByRole("button", { name: "New operator" }).click();

    const once = page.getByRole("dialog", { name: "Copy this password now" });
    await expect(once).toContainText(email);
    const password = (await once.getByTestId("generated-password").textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    await screenshot(page, "en-operators-password-once");
    await once.getByRole("button", { name: "I have copied it" }).click();

    const row = table.getByRole("row").filter({ hasText: email });
    await expect(row.getByLabel(`Role of ${name}`)).toHaveValue("moderator");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Never");

    // The moderator, in another browser: no Operators link, and the page refuses.
    const other = await browser.newContext();
    const modPage = await other.newPage();
    try {
      await signInAs(modPage, email, password);
      await expect(modPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operators" })).toHaveCount(0);
      await modPage.goto("/operators");
      await expect(modPage.getByText("Only admins can manage operators.")).toBeVisible();

      await page.reload();
      await expect(row).toContainText("1 open session");
      await screenshot(page, "en-operators");

      await row.getByRole("button", { name: "Disable" }).click();
      const confirm = page.getByRole("dialog", { name: `Disable ${name}?` });
      await confirm.getByRole("button", { name: "Disable" }).click();
      await expect(page.getByRole("status").filter({ hasText: `${name} is disabled and signed out everywhere.` })).toBeVisible();
      await expect(row).toContainText("Disabled");

      await modPage.goto("/conversations");
      await expect(modPage).toHaveURL(/\/sign-in/);
    } finally {
      await other.close();
    }

    // The last admin cannot step down.
    const me = table.getByRole("row").filter({ hasText: "admin@e2e.parley.test" });
    await me.getByLabel(/^Role of /).selectOption("viewer");
    await expect(page.getByRole("alert").filter({ hasText: "At least one enabled admin must remain." })).toBeVisible();
    await expect(me.getByLabel(/^Role of /)).toHaveValue("admin");

    await setLanguage(page, "zh-CN");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "操作员" })).toBeVisible();
    await expect(page.getByRole("table", { name: "操作员" }).getByRole("row").filter({ hasText: email })).toContainText("已停用");
    await screenshot(page, "zh-operators");
  });

  test("failed sign-ins are in the audit log with the reason, for admins", async ({ page, ids }) => {
    const email = `${ids("nobody")}@example.test`;
    await setLanguage(page, "en");
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();

    await signIn(page);
    await page.goto("/audit-log");
    const row = page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: `email:${email}` });
    await expect(row).toContainText("auth.signInFailed");
    await expect(row).toContainText("Not signed in");
    await row.getByRole("button", { name: "Show" }).click();
    await expect(row).toContainText('"reason": "unknown_email"');
  });
});
