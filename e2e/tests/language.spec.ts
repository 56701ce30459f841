import { screenshot, signIn } from "../support/console";
import { expect, nextOf, openConversation, pair, test } from "../support/fixtures";

test.describe("Simplified Chinese", () => {
  test("switching language on a conversation page shows Chinese labels; the main pages render in Chinese", async ({ page, ids, sdk }) => {
    const name = `周会 ${ids("conv")}`;
    const { b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const first = nextOf(b, bSdk.Event.MESSAGE);
    await conversation.send(new aSdk.TextMessage("大家好"));
    await first;

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await expect(page.getByRole("tab", { name: "Attributes" })).toBeVisible();
    await page.getByLabel("Language").selectOption("zh-CN");

    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    for (const tab of ["属性", "成员", "管理", "消息"]) await expect(page.getByRole("tab", { name: tab, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "← 全部对话" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name })).toContainText("普通");
    await expect(page.getByRole("term").getByText("对话 ID", { exact: true })).toBeVisible();
    await expect(page.getByRole("term").getByText("创建者", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "自定义属性" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Attributes" })).toHaveCount(0);
    await screenshot(page, "zh-conversation-detail");

    await page.getByRole("tab", { name: "管理", exact: true }).click();
    await expect(page.getByRole("region", { name: "禁言" }).getByText("没有被禁言的成员。")).toBeVisible();
    await expect(page.getByRole("region", { name: "黑名单" }).getByText("黑名单为空。")).toBeVisible();

    // Send as the system from the Chinese console: the member's SDK receives it.
    await page.getByRole("tab", { name: "消息", exact: true }).click();
    const messages = page.getByRole("region", { name: "消息" });
    await expect(messages.getByRole("listitem").filter({ hasText: "大家好" })).toBeVisible();
    const bobHears = nextOf(b, bSdk.Event.MESSAGE);
    await messages.getByLabel("以 system 身份发送").fill("系统维护通知");
    await messages.getByRole("button", { name: "发送", exact: true }).click();
    await expect(messages.getByRole("status").filter({ hasText: "已发送给 2 位接收者。" })).toBeVisible();
    const [received] = await bobHears;
    expect(received).toMatchObject({ text: "系统维护通知", cid: conversation.id, from: "system" });
    await expect(messages.getByRole("listitem").filter({ hasText: "系统维护通知" })).toBeVisible();
    await screenshot(page, "zh-conversation-messages");

    // The conversation list, filtered by name.
    const nav = page.getByRole("navigation", { name: "主导航" });
    await nav.getByRole("link", { name: "对话", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "对话" })).toBeVisible();
    const filters = page.getByRole("form", { name: "筛选" });
    await filters.getByLabel("名称包含").fill(name);
    await filters.getByRole("button", { name: "应用" }).click();
    const rows = page.getByRole("table", { name: "对话" }).locator("tbody").getByRole("row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link", { name })).toBeVisible();
    await expect(page.getByText("已到底部")).toBeVisible();
    await screenshot(page, "zh-conversation-list");

    // A service conversation created from the Chinese console.
    const serviceName = `公告 ${ids("svc")}`;
    await nav.getByRole("link", { name: "服务号", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "服务号" })).toBeVisible();
    await page.getByRole("button", { name: "新建服务号" }).click();
    const dialog = page.getByRole("dialog", { name: "新建服务号" });
    await dialog.getByLabel("名称", { exact: true }).fill(serviceName);
    await dialog.getByRole("button", { name: "新建服务号" }).click();
    await expect(page.getByRole("heading", { level: 1, name: serviceName })).toBeVisible();
    await expect(page.getByRole("region", { name: "订阅者" })).toContainText("0 位订阅者");
    await expect(page.getByRole("region", { name: "广播" }).getByLabel("全部订阅者（0）")).toBeChecked();
    await expect(page.getByRole("link", { name: "← 全部服务号" })).toBeVisible();
    await screenshot(page, "zh-service-conversation");

    // The audit log, narrowed to the conversation above.
    await nav.getByRole("link", { name: "审计日志", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "审计日志" })).toBeVisible();
    await page.getByLabel("对话 ID").fill(conversation.id);
    await page.getByRole("button", { name: "应用" }).click();
    const audit = page.getByRole("table", { name: "审计日志" });
    await expect(audit.getByRole("row").filter({ hasText: "message.post" })).toHaveCount(1);
    await expect(audit.getByRole("cell").filter({ hasText: "管理员" }).first()).toBeVisible();
    await screenshot(page, "zh-audit-log");
  });
});
