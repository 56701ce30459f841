import { screenshot, signIn } from "../support/console";
import { expect, nextMatching, nextOf, openConversation, openTab, pair, test } from "../support/fixtures";

test.describe("moderation from the console", () => {
  test("silencing a member: the client hears MUTED and its sends are refused; lifting it: UNMUTED and it can send again", async ({ page, ids, sdk }) => {
    const name = `Silence ${ids("conv")}`;
    const { a, b, aSdk, bSdk, conversation, bobs } = await pair(sdk, ids("alice"), ids("bob"), name);

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Moderation");
    const silenced = page.getByRole("region", { name: "Silenced" });
    await expect(silenced.getByText("Nobody is silenced.")).toBeVisible();

    const bobMuted = nextOf(b, bSdk.Event.MUTED);
    const aliceSees = nextOf(a, aSdk.Event.MEMBERS_MUTED);
    await silenced.getByLabel("Client IDs").fill(b.id);
    await silenced.getByLabel("Reason (optional)").fill("flooding the channel");
    await silenced.getByRole("button", { name: "Silence", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Done." })).toBeVisible();
    const row = silenced.getByRole("row").filter({ hasText: b.id });
    await expect(row).toContainText("flooding the channel");
    await expect(row).toContainText("Never"); // "Until lifted" was the duration

    const [mutedPayload, mutedIn] = await bobMuted;
    expect(mutedPayload.mutedBy).toEqual(expect.any(String));
    expect(mutedIn.id).toBe(conversation.id);
    const [othersPayload] = await aliceSees;
    expect(othersPayload.members).toEqual([b.id]);
    await expect(bobs.send(new bSdk.TextMessage("may I speak?"))).rejects.toMatchObject({ code: 4308 });
    expect((await conversation.queryMutedMembers()).results).toEqual([b.id]);
    await screenshot(page, "en-conversation-moderation");

    const bobUnmuted = nextOf(b, bSdk.Event.UNMUTED);
    await row.getByRole("button", { name: "Lift" }).click();
    await expect(silenced.getByText("Nobody is silenced.")).toBeVisible();
    const [unmutedPayload, unmutedIn] = await bobUnmuted;
    expect(unmutedPayload.unmutedBy).toEqual(expect.any(String));
    expect(unmutedIn.id).toBe(conversation.id);

    const aliceHears = nextOf(a, aSdk.Event.MESSAGE);
    const sent = await bobs.send(new bSdk.TextMessage("thanks"));
    const [received] = await aliceHears;
    expect(received).toMatchObject({ id: sent.id, text: "thanks", from: b.id });
  });

  test("blocking a member: the client hears BLOCKED and KICKED and cannot rejoin (4315); unblocking: UNBLOCKED and it may join again", async ({ page, ids, sdk }) => {
    const name = `Block ${ids("conv")}`;
    const { a, b, aSdk, bSdk, conversation, bobs } = await pair(sdk, ids("alice"), ids("bob"), name);

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Moderation");
    const blocked = page.getByRole("region", { name: "Blocked" });
    await expect(blocked.getByText("Nobody is blocked.")).toBeVisible();

    const bobBlocked = nextOf(b, bSdk.Event.BLOCKED);
    const bobKicked = nextOf(b, bSdk.Event.KICKED);
    const aliceSees = nextOf(a, aSdk.Event.MEMBERS_BLOCKED);
    const aliceSeesLeave = nextMatching(a, aSdk.Event.MEMBERS_LEFT, (p: { members: string[] }) => p.members.includes(b.id));
    await blocked.getByLabel("Client IDs").fill(b.id);
    await blocked.getByLabel("Reason (optional)").fill("harassment");
    await blocked.getByRole("button", { name: "Block", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Done." })).toBeVisible();
    const row = blocked.getByRole("row").filter({ hasText: b.id });
    await expect(row).toContainText("harassment");
    await expect(row).toContainText("Never"); // "Until lifted" was the duration

    const [blockedPayload, blockedIn] = await bobBlocked;
    expect(blockedPayload.blockedBy).toEqual(expect.any(String));
    expect(blockedIn.id).toBe(conversation.id);
    const [kickedPayload] = await bobKicked;
    expect(kickedPayload.kickedBy).toEqual(expect.any(String));
    expect((await aliceSees)[0].members).toEqual([b.id]);
    await aliceSeesLeave;
    await expect(bobs.join()).rejects.toMatchObject({ code: 4315 });
    await screenshot(page, "en-conversation-blocked");

    // The member list no longer has B.
    await openTab(page, "Members");
    const members = page.getByRole("region", { name: "Members" });
    await expect(members).toContainText(/\b1 member(?!s)/);
    await expect(members.getByRole("row").filter({ hasText: b.id })).toHaveCount(0);

    await openTab(page, "Moderation");
    const bobUnblocked = nextOf(b, bSdk.Event.UNBLOCKED);
    await blocked.getByRole("row").filter({ hasText: b.id }).getByRole("button", { name: "Unblock" }).click();
    await expect(blocked.getByText("Nobody is blocked.")).toBeVisible();
    const [unblockedPayload, unblockedIn] = await bobUnblocked;
    expect(unblockedPayload.unblockedBy).toEqual(expect.any(String));
    expect(unblockedIn.id).toBe(conversation.id);

    await bobs.join();
    await openTab(page, "Members");
    await expect(members.getByRole("row").filter({ hasText: b.id })).toHaveCount(1);
    await expect(members).toContainText("2 members");
  });

  test("a timed block shows when it ends, and the client's page says until when", async ({ page, ids, sdk }) => {
    const name = `Timed block ${ids("conv")}`;
    const { b, bSdk, conversation } = await pair(sdk, ids("alice"), ids("bob"), name);

    await signIn(page);
    await openConversation(page, conversation.id, name);
    await openTab(page, "Moderation");
    const blocked = page.getByRole("region", { name: "Blocked" });
    const bobBlocked = nextOf(b, bSdk.Event.BLOCKED);
    await blocked.getByLabel("Client IDs").fill(b.id);
    await blocked.getByLabel("Duration").selectOption({ label: "1 hour" });
    await blocked.getByLabel("Reason (optional)").fill("cool down");
    await blocked.getByRole("button", { name: "Block", exact: true }).click();
    await bobBlocked;
    const row = blocked.getByRole("row").filter({ hasText: b.id });
    await expect(row).toContainText("cool down");
    await expect(row).not.toContainText("Never");
    await expect(blocked.getByRole("columnheader", { name: "Expires" })).toBeVisible();
    await screenshot(page, "en-conversation-timed-block");

    await page.goto(`/clients?id=${encodeURIComponent(b.id)}`);
    await expect(page.getByRole("region", { name: "Blocked in" })).toContainText("until");
  });
});
