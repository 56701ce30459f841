import type { Page } from "@playwright/test";
import { screenshot, signIn } from "../support/console";
import { expect, nextMatching, nextOf, openConversation, openTab, pair, test } from "../support/fixtures";

/** The history entry (<li>) of the message with this id. */
const entry = (page: Page, messageId: string) => page.getByRole("region", { name: "Messages" }).getByRole("listitem").filter({ hasText: messageId });

test.describe("messages from the console", () => {
  test("recalling one message and editing another: clients hear MESSAGE_RECALL and MESSAGE_UPDATE; the console shows both", async ({ page, ids, sdk }) => {
    const name = `Recall ${ids("conv")}`;
    const { a, b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const bobHearsTwo = nextMatching(b, bSdk.Event.MESSAGE, (m: { text?: string }) => m.text === "second: tpyo");
    const first = await conversation.send(new aSdk.TextMessage("first: something regrettable"));
    const second = await conversation.send(new aSdk.TextMessage("second: tpyo"));
    await bobHearsTwo;

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Messages");
    await expect(entry(page, first.id)).toContainText("first: something regrettable");
    await expect(entry(page, second.id)).toContainText("second: tpyo");
    await screenshot(page, "en-conversation-messages");

    // Recall the first, with a reason.
    const bobRecall = nextOf(b, bSdk.Event.MESSAGE_RECALL);
    const aliceRecall = nextOf(a, aSdk.Event.MESSAGE_RECALL);
    await entry(page, first.id).getByRole("button", { name: "Recall" }).click();
    const recallDialog = page.getByRole("dialog", { name: "Recall this message?" });
    await expect(recallDialog.getByRole("button", { name: "Recall" })).toBeDisabled(); // a reason is required
    await recallDialog.getByLabel("Reason (required)").fill("personal data posted by mistake");
    await recallDialog.getByRole("button", { name: "Recall" }).click();
    await expect(recallDialog).toBeHidden();

    const [recalled, recalledIn] = await bobRecall;
    expect(recalled).toBeInstanceOf(bSdk.RecalledMessage);
    expect(recalled).toMatchObject({ id: first.id, cid: conversation.id });
    expect(recalledIn.id).toBe(conversation.id);
    expect((await aliceRecall)[0].id).toBe(first.id);
    await expect(entry(page, first.id).getByText("Recalled", { exact: true }).first()).toBeVisible();
    await expect(entry(page, first.id)).not.toContainText("something regrettable");
    await expect(entry(page, first.id).getByRole("button", { name: "Recall" })).toHaveCount(0);

    // Edit the second: the dialog holds the stored content (a TextMessage's JSON).
    const bobUpdate = nextOf(b, bSdk.Event.MESSAGE_UPDATE);
    await entry(page, second.id).getByRole("button", { name: "Edit" }).click();
    const editDialog = page.getByRole("dialog", { name: "Edit this message" });
    const content = editDialog.getByLabel("Content");
    await expect(content).toHaveValue(/"_lctext":"second: tpyo"/);
    await content.fill(JSON.stringify({ _lctype: -1, _lctext: "second: typo fixed" }));
    await editDialog.getByLabel("Reason (required)").fill("spelling");
    await editDialog.getByRole("button", { name: "Save edit" }).click();
    await expect(editDialog).toBeHidden();

    const [updated, updatedIn] = await bobUpdate;
    expect(updated).toBeInstanceOf(bSdk.TextMessage);
    expect(updated).toMatchObject({ id: second.id, text: "second: typo fixed", from: a.id });
    expect(updated.updatedAt).toBeInstanceOf(Date);
    expect(updatedIn.id).toBe(conversation.id);
    await expect(entry(page, second.id)).toContainText("second: typo fixed");
    await expect(entry(page, second.id).getByText("Edited", { exact: true })).toBeVisible();

    // The SDK's history agrees with the console.
    const history = await conversation.queryMessages();
    expect(history.map((m: { id: string }) => m.id)).toEqual([first.id, second.id]);
    expect(history[0]).toBeInstanceOf(aSdk.RecalledMessage);
    expect(history[1]).toMatchObject({ text: "second: typo fixed" });
    await screenshot(page, "en-conversation-messages-patched");

    // Both operator actions are in the audit log, against this conversation.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await page.getByLabel("Conversation ID").fill(conversation.id);
    await page.getByRole("button", { name: "Apply" }).click();
    const audit = page.getByRole("table", { name: "Audit log" });
    await expect(audit.getByRole("row").filter({ hasText: "message.recall" })).toHaveCount(1);
    await expect(audit.getByRole("row").filter({ hasText: "message.edit" })).toHaveCount(1);
    await screenshot(page, "en-audit-log");
  });

  // Regression: the patch push used to carry no patchCode/patchReason, so the SDK's MESSAGE_RECALL
  // `reason` argument was undefined, which the SDK documents as "the sender recalled it".
  test("a recall from the console tells clients it was not the sender's own (PatchReason)", async ({ page, ids, sdk }) => {
    const name = `Recall reason ${ids("conv")}`;
    const { b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const bobHears = nextOf(b, bSdk.Event.MESSAGE);
    const sent = await conversation.send(new aSdk.TextMessage("to be recalled"));
    await bobHears;

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Messages");
    const bobRecall = nextOf(b, bSdk.Event.MESSAGE_RECALL);
    await entry(page, sent.id).getByRole("button", { name: "Recall" }).click();
    const dialog = page.getByRole("dialog", { name: "Recall this message?" });
    await dialog.getByLabel("Reason (required)").fill("against the rules");
    await dialog.getByRole("button", { name: "Recall" }).click();
    const [, , reason] = await bobRecall;
    expect(reason).toMatchObject({ code: expect.any(Number), detail: "against the rules" });
  });

  // Regression: the patch dialog is unmounted while open; focus used to fall back to <body>.
  test("closing the edit dialog returns focus to the message's Edit button and changes nothing", async ({ page, ids, sdk }) => {
    const name = `Focus ${ids("conv")}`;
    const { b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);
    const bobHears = nextOf(b, bSdk.Event.MESSAGE);
    const sent = await conversation.send(new aSdk.TextMessage("leave me be"));
    await bobHears;

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Messages");
    const edit = entry(page, sent.id).getByRole("button", { name: "Edit" });
    await edit.click();
    const dialog = page.getByRole("dialog", { name: "Edit this message" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(edit).toBeFocused();
    const [stored] = await conversation.queryMessages();
    expect(stored).toMatchObject({ id: sent.id, text: "leave me be" });
    // Never edited: the SDK reports updatedAt as the send time.
    expect(stored.updatedAt.getTime()).toBe(stored.timestamp.getTime());
  });

  // Regression: every live refresh of the Messages tab used to write another message.view audit row.
  test("keeping the Messages tab open while clients chat records one message.view, not one per message", async ({ page, ids, sdk }) => {
    const name = `Audit ${ids("conv")}`;
    const { b, aSdk, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Messages");
    await expect(page.getByRole("region", { name: "Messages" }).getByText("No messages match.")).toBeVisible();
    for (const text of ["one", "two", "three"]) {
      const bobHears = nextOf(b, bSdk.Event.MESSAGE);
      const sent = await conversation.send(new aSdk.TextMessage(text));
      expect((await bobHears)[0]).toMatchObject({ id: sent.id, text });
      await expect(entry(page, sent.id)).toContainText(text); // shown live, no reload
    }

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log", exact: true }).click();
    await page.getByLabel("Conversation ID").fill(conversation.id);
    await page.getByRole("button", { name: "Apply" }).click();
    const audit = page.getByRole("table", { name: "Audit log" });
    await expect(audit.getByRole("row").filter({ hasText: "message.view" }).first()).toBeVisible();
    await expect(audit.getByRole("row").filter({ hasText: "message.view" })).toHaveCount(1);
  });

  test("read receipts: the console shows a receipt message as delivered, then read once the receiver reads", async ({ page, ids, sdk }) => {
    const name = `Receipts ${ids("conv")}`;
    const { a, b, aSdk, bSdk, conversation, bobs } = await pair(sdk, ids("alice"), ids("bob"), name);

    const delivered = nextOf(conversation, aSdk.Event.LAST_DELIVERED_AT_UPDATE);
    const bobHears = nextOf(b, bSdk.Event.MESSAGE);
    const sent = await conversation.send(new aSdk.TextMessage("did you get this?"), { receipt: true });
    const [received] = await bobHears;
    expect(received).toMatchObject({ id: sent.id, text: "did you get this?", from: a.id });
    await delivered;
    expect(conversation.lastDeliveredAt.getTime()).toBeGreaterThanOrEqual(sent.timestamp.getTime());

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Messages");
    await expect(entry(page, sent.id)).toContainText("Delivered 1/1 · Read 0/1");
    await openTab(page, "Members");
    const members = page.getByRole("region", { name: "Members" });
    const bobRow = members.getByRole("row").filter({ hasText: b.id });
    // Columns: Client ID, Status, Role, Joined, Delivered up to, Read up to, Unread, actions.
    await expect(bobRow.getByRole("cell").nth(1)).toHaveText("Online");
    await expect(bobRow.getByRole("cell").nth(4)).not.toHaveText("Never");
    await expect(bobRow.getByRole("cell").nth(5)).toHaveText("Never");
    await expect(bobRow.getByRole("cell").nth(6)).toHaveText("1");

    // B reads: A's conversation hears LAST_READ_AT_UPDATE, the console updates live.
    const read = nextOf(conversation, aSdk.Event.LAST_READ_AT_UPDATE);
    await bobs.read();
    await read;
    expect(conversation.lastReadAt.getTime()).toBeGreaterThanOrEqual(sent.timestamp.getTime());
    await expect(bobRow.getByRole("cell").nth(5)).not.toHaveText("Never");
    await expect(bobRow.getByRole("cell").nth(6)).toHaveText("0");
    await screenshot(page, "en-conversation-members");
    await openTab(page, "Messages");
    await expect(entry(page, sent.id)).toContainText("Delivered 1/1 · Read 1/1");
  });
});
