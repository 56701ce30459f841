import { screenshot, signIn } from "../support/console";
import { expect, nextOf, test } from "../support/fixtures";

test.describe("service conversations", () => {
  test("created in the console, subscribed to by an SDK client, broadcast to with the recipient count shown", async ({ page, ids, sdk }) => {
    const name = `News ${ids("svc")}`;
    const reader = await sdk.connect(ids("reader"));

    await signIn(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Service conversations", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Service conversations" })).toBeVisible();
    await page.getByRole("button", { name: "New service conversation" }).click();
    const dialog = page.getByRole("dialog", { name: "New service conversation" });
    await expect(dialog.getByLabel("Type")).toHaveCount(0); // the type is fixed here
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("button", { name: "New service conversation" }).click();
    await expect(page).toHaveURL(/\/service-conversations\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name })).toContainText("Service");
    const conversationId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

    const subscribers = page.getByRole("region", { name: "Subscribers" });
    const broadcast = page.getByRole("region", { name: "Broadcast" });
    await expect(subscribers).toContainText("0 subscribers");
    await expect(broadcast.getByLabel("All subscribers (0)")).toBeChecked();

    // The client finds it with the service-conversation query and subscribes.
    const found = await reader.client.getServiceConversationQuery().equalTo("name", name).find();
    expect(found.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const service = found[0];
    expect(service).toBeInstanceOf(reader.sdk.ServiceConversation);
    await service.subscribe(); // join(): rejects with the first failure, if any (the SDK keeps no member list for these)

    // The console picks the subscriber up live.
    await expect(subscribers).toContainText(/\b1 subscriber(?!s)/);
    await expect(subscribers.getByRole("row").filter({ hasText: reader.client.id })).toHaveCount(1);
    await expect(broadcast.getByLabel("All subscribers (1)")).toBeChecked();
    await screenshot(page, "en-service-conversation");

    const hears = nextOf(reader.client, reader.sdk.Event.MESSAGE);
    await broadcast.getByLabel("Send as system").fill("Maintenance tonight at 22:00");
    await broadcast.getByRole("button", { name: "Send" }).click();
    const confirm = page.getByRole("dialog", { name: "Send to 1 subscriber?" });
    await expect(confirm).toContainText("Every subscriber receives this message.");
    await confirm.getByRole("button", { name: "Send" }).click();
    await expect(broadcast.getByRole("status").filter({ hasText: "Sent to 1 recipient." })).toBeVisible();

    const [message, inConversation] = await hears;
    expect(message).toBeInstanceOf(reader.sdk.TextMessage);
    expect(message).toMatchObject({ text: "Maintenance tonight at 22:00", cid: conversationId });
    expect(inConversation.id).toBe(conversationId);
  });

  test("a message to chosen subscribers reaches only them, with the recipient count confirmed first", async ({ page, ids, sdk }) => {
    const name = `Orders ${ids("svc")}`;
    const [chosen, other] = await Promise.all([sdk.connect(ids("chosen")), sdk.connect(ids("other"))]);

    await signIn(page);
    await page.goto("/service-conversations");
    await page.getByRole("button", { name: "New service conversation" }).click();
    const dialog = page.getByRole("dialog", { name: "New service conversation" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("button", { name: "New service conversation" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const conversationId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

    for (const reader of [chosen, other]) {
      const [service] = await reader.client.getServiceConversationQuery().equalTo("name", name).find();
      await service.subscribe();
    }
    const broadcast = page.getByRole("region", { name: "Broadcast" });
    await expect(broadcast.getByLabel("All subscribers (2)")).toBeChecked();

    await broadcast.getByLabel("Chosen subscribers").check();
    await expect(broadcast.getByRole("heading", { name: "0 subscribers chosen" })).toBeVisible();
    await expect(broadcast.getByRole("button", { name: "Send" })).toBeDisabled();
    await broadcast.getByLabel("Search subscribers by client ID prefix").fill(chosen.client.id);
    await broadcast.getByRole("checkbox", { name: chosen.client.id }).check();
    await expect(broadcast.getByRole("heading", { name: "1 subscriber chosen" })).toBeVisible();
    await screenshot(page, "en-service-chosen");

    const chosenHears = nextOf(chosen.client, chosen.sdk.Event.MESSAGE);
    let otherHeard = false;
    other.client.on(other.sdk.Event.MESSAGE, () => (otherHeard = true));
    await broadcast.getByLabel("Send as system").fill("Your order has shipped");
    await broadcast.getByRole("button", { name: "Send" }).click();
    const confirm = page.getByRole("dialog", { name: "Send to 1 subscriber?" });
    await expect(confirm).toContainText("Only the chosen subscribers receive this message");
    await confirm.getByRole("button", { name: "Send" }).click();
    await expect(broadcast.getByRole("status").filter({ hasText: "Sent to 1 recipient." })).toBeVisible();

    const [message] = await chosenHears;
    expect(message).toMatchObject({ text: "Your order has shipped", cid: conversationId });
    await page.waitForTimeout(1500);
    expect(otherHeard).toBe(false);
  });
});
