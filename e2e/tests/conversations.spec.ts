import type { Page } from "@playwright/test";
import { screenshot, signIn } from "../support/console";
import { expect, nextOf, openConversation, openTab, pair, test } from "../support/fixtures";

/** The value shown under a fact's label on the conversation page (<dt>label</dt><dd>value</dd>). */
const fact = (page: Page, label: string) => page.locator("dl > div").filter({ has: page.getByRole("term").getByText(label, { exact: true }) }).getByRole("definition");

test.describe("conversations", () => {
  test("a conversation an SDK client created is found by name in the list and its detail opens", async ({ page, ids, sdk }) => {
    const name = `Standup ${ids("conv")}`;
    const { a, b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const bobHears = nextOf(b, bSdk.Event.MESSAGE);
    const sent = await conversation.send(new aSdk.TextMessage("hello from the SDK"));
    const [received] = await bobHears;
    expect(received).toMatchObject({ id: sent.id, text: "hello from the SDK", from: a.id, cid: conversation.id });

    await signIn(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Conversations", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeVisible();
    const filters = page.getByRole("form", { name: "Filters" });
    await filters.getByLabel("Name contains").fill(name);
    await filters.getByRole("button", { name: "Apply" }).click();

    const table = page.getByRole("table", { name: "Conversations" });
    const rows = table.locator("tbody").getByRole("row");
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row.getByRole("link", { name })).toBeVisible();
    await expect(row).toContainText(conversation.id);
    await expect(row.getByRole("cell").nth(1)).toHaveText("Normal");
    await expect(row.getByRole("cell").nth(2)).toHaveText("2");
    await expect(row.getByRole("cell").nth(3)).toContainText(`${a.id} hello from the SDK`);
    await expect(page.getByText("End of list")).toBeVisible();
    await screenshot(page, "en-conversation-list-filtered");

    await row.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/conversations/${encodeURIComponent(conversation.id)}$`));
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(fact(page, "Conversation ID")).toHaveText(conversation.id);
    await expect(fact(page, "Type")).toHaveText("Normal");
    await expect(fact(page, "Creator")).toHaveText(a.id);
    await expect(fact(page, "Members")).toHaveText("2");
    await expect(fact(page, "Last message")).not.toHaveText("No messages");
    await expect(page.getByRole("region", { name: "Custom attributes" }).getByRole("row").filter({ hasText: "name" })).toContainText(name);
    await expect(page.getByRole("tab", { name: "Attributes" })).toHaveAttribute("aria-selected", "true");
    await screenshot(page, "en-conversation-detail");

    // The SDK sees the same conversation the console shows.
    const fetched = await b.getConversation(conversation.id, true);
    expect(fetched).toMatchObject({ id: conversation.id, name, creator: a.id });
    expect([...fetched.members].sort()).toEqual([a.id, b.id].sort());
  });

  // Regression: the role select is given "h-8 w-32" on top of the control's "h-10 w-full"; cn() used to
  // only join class names, so w-full/h-10 won and the select shrank until the role text was hidden.
  test("the members tab shows each member's role readably, as the SDK reports it", async ({ page, ids, sdk }) => {
    const name = `Roles ${ids("conv")}`;
    const { a, b, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const roles = Object.fromEntries((await conversation.getAllMemberInfo({ noCache: true })).map((i: { memberId: string; role: string }) => [i.memberId, i.role]));
    expect(roles).toEqual({ [a.id]: "Owner", [b.id]: "Member" });

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Members");
    for (const [clientId, role] of Object.entries(roles)) {
      const select = page.getByLabel(`Role of ${clientId}`);
      await expect(select).toHaveValue(role);
      // Wide enough to show the longest role ("Manager") next to the arrow: the intended w-32 is 128 px.
      expect((await select.boundingBox())!.width).toBeGreaterThanOrEqual(100);
    }
  });

  test("attributes are edited as fields by dotted path, which the SDK receives; raw JSON mode says where it is broken", async ({ page, ids, sdk }) => {
    const name = `Attributes ${ids("conv")}`;
    const { bobs, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);

    await signIn(page);
    await openConversation(page, conversation.id, name);
    const card = page.getByRole("region", { name: "Custom attributes" });
    await expect(card.getByRole("row").filter({ hasText: "name" })).toContainText(name);
    const editor = card.getByRole("form", { name: "Add or change a field" });
    const pending = card.getByRole("region", { name: "Changes to apply" });

    await editor.getByLabel("Key or dotted path").fill("topic.lang");
    await editor.getByLabel("Value").fill("en");
    await editor.getByRole("button", { name: "Add to changes" }).click();
    // A typed value is checked as typed.
    await editor.getByLabel("Key or dotted path").fill("level");
    await editor.getByLabel("Type").selectOption("number");
    await editor.getByLabel("Value").fill("three");
    await editor.getByRole("button", { name: "Add to changes" }).click();
    await expect(editor).toContainText("Enter a number, such as 3 or 2.5.");
    await expect(editor.getByLabel("Value")).toHaveAttribute("aria-invalid", "true");
    await editor.getByLabel("Value").fill("3");
    await editor.getByRole("button", { name: "Add to changes" }).click();
    // Reserved keys are refused before anything is sent.
    await editor.getByLabel("Key or dotted path").fill("members");
    await editor.getByLabel("Value").fill("x");
    await editor.getByRole("button", { name: "Add to changes" }).click();
    await expect(editor).toContainText("“members” is reserved");
    await expect(pending.getByRole("listitem")).toHaveCount(2);
    await screenshot(page, "en-attributes-pending");

    const bobHears = nextOf(bobs, bSdk.Event.INFO_UPDATED);
    await pending.getByRole("button", { name: "Apply 2 changes" }).click();
    const [payload] = await bobHears;
    expect(payload.attributes).toEqual({ "topic.lang": "en", level: 3 });
    await expect(card.getByRole("status")).toContainText("Attributes updated");
    await expect(card.getByRole("row").filter({ hasText: "lang" })).toContainText("en");
    await expect(card.getByRole("row").filter({ hasText: "level" })).toContainText("3");
    await screenshot(page, "en-attributes-fields");

    await card.getByRole("button", { name: "Raw JSON" }).click();
    await expect(card.getByRole("button", { name: "Raw JSON" })).toHaveAttribute("aria-pressed", "true");
    const raw = card.getByLabel("All attributes as one JSON object");
    await expect(raw).toHaveValue(/"level": 3/);
    await raw.fill('{\n  "name": "x",\n  oops\n}');
    await card.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(card.getByRole("alert")).toContainText("line 3");
    await screenshot(page, "en-attributes-raw");
  });

  test("the conversation's tabs follow the WAI-ARIA pattern and the keyboard", async ({ page, ids, sdk }) => {
    const name = `Tabs ${ids("conv")}`;
    const { conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    await signIn(page);
    await openConversation(page, conversation.id, name);
    const tablist = page.getByRole("tablist", { name: "Conversation sections" });
    const tab = (label: string) => tablist.getByRole("tab", { name: label, exact: true });
    await expect(tab("Attributes")).toHaveAttribute("aria-selected", "true");
    // Every tab controls a panel that is labelled by it.
    for (const label of ["Attributes", "Members", "Moderation", "Messages"]) {
      const controls = await tab(label).getAttribute("aria-controls");
      const tabId = await tab(label).getAttribute("id");
      await expect(page.locator(`[id="${controls}"]`)).toHaveAttribute("role", "tabpanel");
      await expect(page.locator(`[id="${controls}"]`)).toHaveAttribute("aria-labelledby", tabId!);
    }
    await expect(tab("Members")).toHaveAttribute("tabindex", "-1");

    await tab("Attributes").focus();
    await page.keyboard.press("ArrowRight");
    await expect(tab("Members")).toBeFocused();
    await expect(tab("Members")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("tabpanel", { name: "Attributes" })).toBeHidden();
    await page.keyboard.press("End");
    await expect(tab("Messages")).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(tab("Attributes")).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(tab("Messages")).toBeFocused();
    await page.keyboard.press("Home");
    await expect(tab("Attributes")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Attributes" })).toBeVisible();
  });
});
