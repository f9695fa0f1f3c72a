import { expect, test } from "@playwright/test";
import { hydrated, signIn, signInAsPupil, signOut } from "./support";

// The demo's groups: "Climate and environment in the classroom" (open; teacher1, Claire Martin, moderates),
// "Enseigner le français langue étrangère" (on request; teacher2, Julien Bernard, moderates; teacher5 asked to join,
// teacher8 is invited) and "Maths through games", proposed by teacher3 and waiting for nso.it.
test("a teacher finds groups by subject, joins an open one and takes part in a discussion", async ({ page }) => {
  await signIn(page, "teacher10@demo.opentwin.test");
  await page.getByRole("link", { name: "Groups", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Groups");
  // The filters are a plain GET form: the address holds them.
  await page.getByLabel("Subject").selectOption("foreign_languages");
  await page.getByRole("button", { name: "Show groups" }).click();
  await expect(page).toHaveURL(/subject=foreign_languages/);
  await expect(page.getByTestId("groups-found").getByTestId("group")).toHaveCount(1);
  await expect(page.getByTestId("groups-found")).toContainText("Enseigner le français langue étrangère");
  await expect(page.getByTestId("groups-found")).toContainText("On request");

  await page.goto("/groups?subject=environment");
  await page.getByRole("link", { name: "Climate and environment in the classroom" }).click();
  await expect(page.getByTestId("group-threads")).toContainText("Measuring air quality with pupils");
  // Before joining she reads the open group but cannot write in it.
  await expect(page.getByTestId("group-new-thread")).toHaveCount(0);
  await page.getByTestId("group-join").click();
  await expect(page.getByTestId("group-membership")).toHaveText("You are a member");
  await expect(page.getByTestId("group-members")).toContainText("Kadri Tamm");

  await page.getByRole("link", { name: "Measuring air quality with pupils" }).click();
  await expect(page.getByTestId("group-post")).toHaveCount(3);
  await page.getByLabel("Your reply").fill("In Kuressaare we measure by the sea: a good contrast with a city.");
  await page.getByRole("button", { name: "Send the reply" }).click();
  await expect(page.getByTestId("group-post")).toHaveCount(4);
  await expect(page.getByTestId("group-post").last()).toContainText("Kadri Tamm");
  // Only her own post has a Delete button, and it deletes it.
  await expect(page.getByTestId("group-post-delete")).toHaveCount(1);
  await page.getByTestId("group-post").last().getByTestId("group-post-delete").click();
  await expect(page.getByTestId("group-post")).toHaveCount(3);
  await page.getByLabel("Your reply").fill("In Kuressaare we measure by the sea: a good contrast with a city.");
  await page.getByRole("button", { name: "Send the reply" }).click();
  await expect(page.getByTestId("group-post")).toHaveCount(4);

  // A new discussion from the group's page.
  await page.getByRole("link", { name: "Climate and environment in the classroom" }).click();
  const start = page.getByTestId("group-new-thread");
  await start.getByLabel("Title").fill("Beach litter surveys");
  await start.getByLabel("Your message").fill("Has anyone counted litter on a beach with a partner school?");
  await start.getByRole("button", { name: "Start the discussion" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Beach litter surveys");
  await expect(page.getByTestId("group-post")).toHaveCount(1);
  // She corrects her message; the post then says it was edited.
  const own = page.getByTestId("group-post").first();
  await own.getByTestId("group-post-edit").click();
  await own.getByLabel("Edit").fill("Has anyone counted litter on a beach with a partner school abroad?");
  await own.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("group-post").first()).toContainText("with a partner school abroad?");
  await expect(page.getByTestId("group-post").first()).toContainText("edited");
});

test("a request to join is answered by the group's moderator, and a proposal is approved by its country's organisation", async ({ page }) => {
  await signIn(page, "teacher2@demo.opentwin.test");
  await page.goto("/groups");
  await page.getByTestId("groups-mine").getByRole("link", { name: "Enseigner le français langue étrangère" }).click();
  await expect(page.getByTestId("group-requests")).toContainText("Lucía Fernández");
  await page.getByTestId("group-requests").getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("group-requests")).toHaveCount(0);
  await expect(page.getByTestId("group-members")).toContainText("Lucía Fernández");
  await signOut(page);

  // Lucía reads the discussions now; pinned and member-only parts included.
  await signIn(page, "teacher5@demo.opentwin.test");
  await page.goto("/groups");
  await page.getByTestId("groups-mine").getByRole("link", { name: "Enseigner le français langue étrangère" }).click();
  await expect(page.getByTestId("group-threads")).toContainText("Des chansons pour débuter");
  await signOut(page);

  // Italy's organisation approves Giulia's proposal; it opens in the directory and Giulia is told.
  await signIn(page, "nso.it@demo.opentwin.test");
  await page.goto("/groups");
  const proposal = page.getByTestId("group-proposals").getByTestId("group").filter({ hasText: "Maths through games" });
  await proposal.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("group-proposals")).toHaveCount(0);
  await expect(page.getByTestId("groups-found")).toContainText("Maths through games");
  await signOut(page);

  await signIn(page, "teacher3@demo.opentwin.test");
  await page.goto("/notifications");
  await expect(page.getByText("Your group “Maths through games” is approved and open")).toBeVisible();
});

test("an invited teacher accepts from the directory; pupils have no groups", async ({ page }) => {
  await signIn(page, "teacher8@demo.opentwin.test");
  await page.goto("/groups");
  const invitation = page.getByTestId("group").filter({ hasText: "Enseigner le français langue étrangère" }).first();
  await invitation.getByRole("button", { name: "Accept the invitation" }).click();
  const joined = page.getByTestId("groups-mine").getByTestId("group").filter({ hasText: "Enseigner le français langue étrangère" });
  await expect(joined).toContainText("You are a member");
  await signOut(page);

  // A pupil: no link, and the page is not found.
  await signInAsPupil(page, "emma.d");
  await expect(page.getByRole("link", { name: "Groups", exact: true })).toHaveCount(0);
  const response = await page.goto("/groups");
  expect(response!.status()).toBe(404);
  await expect(page.getByText("Climate and environment in the classroom")).toHaveCount(0);
});

// Group content goes through the report → review path: João (teacher9) reports Anna's (teacher8) post in the
// climate group; Claire (teacher1), its moderator, hides it from her queue (dismissing is for support staff).
test("a reported group post reaches the group's moderator, who hides it; its author reads why", async ({ browser }) => {
  const thread = "Measuring air quality with pupils";
  const text = "In Hamburg we used the city's open data as a reference.";
  const joao = await (await browser.newContext()).newPage();
  await signIn(joao, "teacher9@demo.opentwin.test");
  await joao.goto("/groups?subject=environment");
  // A member: the group is both among his groups and in the directory.
  await joao.getByRole("link", { name: "Climate and environment in the classroom" }).first().click();
  await joao.getByRole("link", { name: thread }).click();
  await joao.getByTestId("group-post").filter({ hasText: text }).getByRole("link", { name: "Report", exact: true }).click();
  await expect(joao.getByTestId("reported")).toContainText(text);
  await hydrated(joao);
  await joao.getByLabel("Reason").selectOption({ label: "Spam or advertising" });
  await joao.getByLabel(/What is wrong/).fill("Advertising a worksheet.");
  await joao.getByRole("button", { name: "Send the report" }).click();
  await expect(joao.getByRole("status")).toHaveText("Thank you. The moderators will look at it.");

  const claire = await (await browser.newContext()).newPage();
  await signIn(claire, "teacher1@demo.opentwin.test");
  await claire.goto("/notifications");
  await expect(claire.getByText("A post in the group “Climate and environment in the classroom” was reported")).toBeVisible();
  await claire.goto("/moderation");
  await hydrated(claire);
  const item = claire.getByTestId("report-item").filter({ hasText: text });
  await expect(item).toContainText("Group post");
  await expect(item).toContainText("Advertising a worksheet.");
  await expect(item).toContainText("support staff decide the rest");
  await expect(item.getByTestId("action-dismiss")).toHaveCount(0);
  await expect(item.getByTestId("action-delete")).toHaveCount(0);
  const hide = item.locator("form", { has: claire.getByTestId("action-hide") });
  await hide.getByLabel("Reason").fill("Please share the worksheet itself, not a shop.");
  await hide.getByTestId("action-hide").click();
  await expect(item).toHaveCount(0);

  // Gone for João; Anna still sees it, with the reason.
  await joao.goto("/groups");
  await joao.getByRole("link", { name: "Climate and environment in the classroom" }).first().click();
  await joao.getByRole("link", { name: thread }).click();
  await expect(joao.getByTestId("group-post").first()).toBeVisible();
  await expect(joao.getByText(text)).toHaveCount(0);
  const anna = await (await browser.newContext()).newPage();
  await signIn(anna, "teacher8@demo.opentwin.test");
  await anna.goto("/groups");
  await anna.getByRole("link", { name: "Climate and environment in the classroom" }).first().click();
  await anna.getByRole("link", { name: thread }).click();
  const hidden = anna.getByTestId("group-post").filter({ hasText: text });
  await expect(hidden.getByTestId("hidden-note")).toContainText("Please share the worksheet itself, not a shop.");
});
