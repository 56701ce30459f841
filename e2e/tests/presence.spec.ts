import { screenshot, setLanguage, signIn } from "../support/console";
import { expect, nextOf, openConversation, openTab, pair, test } from "../support/fixtures";

test.describe("online status and kicks", () => {
  test("members show as online or offline, and a kick from the client page disconnects the SDK with the reason", async ({ page, ids, sdk }) => {
    const name = `Presence ${ids("conv")}`;
    const { a, b, aSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    await b.close();

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Members");
    const members = page.getByRole("region", { name: "Members" });
    await expect(members.getByRole("row").filter({ hasText: a.id })).toContainText("Online");
    await expect(members.getByRole("row").filter({ hasText: b.id })).toContainText("Offline");
    await screenshot(page, "en-members-presence");

    await members.getByRole("link", { name: a.id }).click();
    await expect(page).toHaveURL(/\/clients\?id=/);
    const status = page.getByRole("region", { name: new RegExp(a.id) });
    await expect(status).toContainText("Online");

    const closed = nextOf(a, aSdk.Event.CLOSE);
    await status.getByRole("button", { name: "Kick" }).click();
    const dialog = page.getByRole("dialog", { name: `Disconnect ${a.id}?` });
    await dialog.getByLabel("Reason").fill("maintenance");
    await screenshot(page, "en-client-kick");
    await dialog.getByRole("button", { name: "Kick" }).click();
    const [event] = await closed;
    expect(event).toMatchObject({ reason: "maintenance" });
    await expect(status.getByRole("status").filter({ hasText: `${a.id} was disconnected.` })).toBeVisible();
    await expect(status).toContainText("Offline");
    await screenshot(page, "en-client-kicked");

    await page.goto("/audit-log");
    await expect(page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: `client:${a.id}` })).toContainText("client.kick");

    await setLanguage(page, "zh-CN");
    await page.goto(`/clients?id=${encodeURIComponent(b.id)}`);
    await expect(page.getByRole("region", { name: new RegExp(b.id) })).toContainText("离线");
    await screenshot(page, "zh-client");
  });
});
