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
});
