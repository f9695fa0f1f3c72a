import { expect, test } from "@playwright/test";
import { hydrated, signIn, signInAsPupil, signOut } from "./support";

// The demo's learning events: "Project-based learning with partners abroad" runs (three places, all taken):
// Lucía (teacher5) completed it, Agnieszka (teacher6) has done two units of three, Olena (teacher12) none, and
// Aino (teacher13) waits. "Inclusive classrooms with eTwinning" comes up next month.
const running = "Project-based learning with partners abroad";

test("a participant hands in the last unit's work, completes the learning event and gets a verifiable certificate", async ({ page }) => {
  await signIn(page, "teacher6@demo.opentwin.test");
  await page.getByRole("link", { name: "Learning events", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learning events");
  const card = page.getByTestId("learning-event").filter({ hasText: running });
  await expect(card).toContainText("Enrolled");
  await card.getByRole("link", { name: running }).click();
  await expect(page.getByTestId("learning-event-progress")).toHaveText("2 of 3 units done");
  // The discussion is open to participants, with what the others wrote.
  await expect(page.getByTestId("unit-posts")).toContainText("I would like to compare the rivers of our towns");
  await page.getByLabel("Your work").fill("Legends of our regions: pupils of 10 tell and illustrate a legend, then retell the partners' one.");
  await page.getByTestId("unit-hand-in").click();
  await expect(page.getByTestId("learning-event-progress")).toHaveText("3 of 3 units done");
  await expect(page.getByTestId("learning-event-certificate")).toContainText("You completed this learning event.");
  const pdf = page.getByRole("link", { name: "Download your certificate of completion (PDF)" });
  const href = await pdf.getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  // Anyone checks it by its code.
  const code = href!.split("/")[2];
  await signOut(page);
  await page.goto(`/certificates/${code}`);
  await expect(page.getByTestId("certificate-genuine")).toBeVisible();
  await expect(page.getByText(running)).toBeVisible();
  await expect(page.getByTestId("certificate-holder")).toHaveText("Agnieszka Nowak");
});

test("a full learning event puts a teacher on the waiting list; a freed place goes to the first one waiting", async ({ page }) => {
  await signIn(page, "teacher11@demo.opentwin.test");
  await page.goto("/learning-events");
  await page.getByRole("link", { name: running }).click();
  await expect(page.getByTestId("learning-unit")).toHaveCount(3);
  // The programme, not the units' contents, before taking part.
  await expect(page.getByText("Read the guide")).toHaveCount(0);
  await page.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(page.getByText("You are number 2 on the waiting list.")).toBeVisible();
  await signOut(page);

  // Olena leaves: Aino, first on the list, takes her place and is told.
  await signIn(page, "teacher12@demo.opentwin.test");
  await page.goto("/learning-events");
  await page.getByRole("link", { name: running }).click();
  await page.getByRole("button", { name: "Leave the learning event" }).click();
  await expect(page.getByTestId("learning-event-enrol")).toHaveText("Join the waiting list");
  await signOut(page);
  await signIn(page, "teacher13@demo.opentwin.test");
  await page.goto("/notifications");
  await expect(page.getByText(`A place freed up: you are now enrolled in “${running}”`)).toBeVisible();
  await page.goto("/learning-events");
  await page.getByRole("link", { name: running }).click();
  await expect(page.getByText("You are enrolled.")).toBeVisible();
  await expect(page.getByText("Read the guide")).toBeVisible();
});

test("the support service creates a learning event and adds its units; pupils have none", async ({ page }) => {
  await signIn(page, "css@demo.opentwin.test");
  await page.goto("/learning-events");
  await page.getByRole("link", { name: "New learning event" }).click();
  const form = page.getByTestId("learning-event-form");
  await form.getByLabel("Title").fill("Media literacy for primary pupils");
  await form.getByLabel("Description").fill("Two weeks on checking what we read online, with activities for pupils of 8 to 11.");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  // Too short first: the form says why.
  await form.getByLabel("First day").fill(day(10));
  await form.getByLabel("Last day").fill(day(12));
  await form.getByRole("button", { name: "Create the learning event" }).click();
  await expect(page.getByText("A learning event starts after today and lasts 14 to 28 days.")).toBeVisible();
  const again = page.getByTestId("learning-event-form");
  await again.getByLabel("Title").fill("Media literacy for primary pupils");
  await again.getByLabel("Description").fill("Two weeks on checking what we read online, with activities for pupils of 8 to 11.");
  await again.getByLabel("First day").fill(day(10));
  await again.getByLabel("Last day").fill(day(23));
  await again.getByRole("button", { name: "Create the learning event" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Media literacy for primary pupils");
  const unit = page.getByTestId("learning-unit-form");
  await unit.getByLabel("Title of the unit").fill("Who wrote this?");
  await unit.getByLabel("Instructions").fill("Read the three examples and find who wrote each one.");
  await unit.getByLabel("Activity").selectOption("read");
  await unit.getByRole("button", { name: "Add a unit" }).click();
  await expect(page.getByTestId("learning-unit")).toHaveCount(1);
  await expect(page.getByTestId("learning-unit")).toContainText("1. Who wrote this?");
  // Before the start, the organiser corrects a unit and removes one added by mistake; the programme closes up.
  await unit.getByLabel("Title of the unit").fill("Spare");
  await unit.getByLabel("Instructions").fill("Nothing yet.");
  await unit.getByRole("button", { name: "Add a unit" }).click();
  await expect(page.getByTestId("learning-unit")).toHaveCount(2);
  const first = page.getByTestId("learning-unit").first();
  await first.locator("summary").click();
  await first.getByLabel("Title of the unit").fill("Who wrote this text?");
  await first.getByLabel("Activity").selectOption("discuss");
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("heading", { level: 3 })).toHaveText("1. Who wrote this text?");
  // Now a discussion: its forum opens under it.
  await expect(first.getByLabel("Your contribution")).toBeVisible();
  const spare = page.getByTestId("learning-unit").filter({ hasText: "2. Spare" });
  await spare.locator("summary").click();
  await spare.getByRole("button", { name: "Delete · Spare" }).click();
  await expect(page.getByTestId("learning-unit")).toHaveCount(1);
  await expect(page.getByTestId("learning-unit")).toContainText("1. Who wrote this text?");
  // A word to the participants (none yet): the form says it went.
  const message = page.getByTestId("learning-event-message");
  await message.getByLabel("Message").fill("Welcome! The units open on the first day.");
  await message.getByRole("button", { name: "Send to the participants" }).click();
  await expect(page.getByText("Your message was sent to the participants.")).toBeVisible();
  await signOut(page);

  await signInAsPupil(page, "emma.d");
  await expect(page.getByRole("link", { name: "Learning events", exact: true })).toHaveCount(0);
  const response = await page.goto("/learning-events");
  expect(response!.status()).toBe(404);
});

test("the forms that only the support services use answer a teacher's direct visit with 'not found', not a form refused when sent", async ({ page }) => {
  await signIn(page, "teacher6@demo.opentwin.test");
  for (const path of ["/learning-events/new", "/seminars/new", "/newsletter/new"]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveText("Page not found");
    await expect(page.locator("form[data-testid]"), path).toHaveCount(0);
  }
  // A teacher proposes groups: that form is theirs.
  await page.goto("/groups/new");
  await expect(page.getByTestId("group-form")).toBeVisible();
  // A pupil has no groups at all.
  await signOut(page);
  await signInAsPupil(page, "emma.d");
  const response = await page.goto("/groups/new");
  expect(response!.status()).toBe(404);
  await expect(page.getByTestId("group-form")).toHaveCount(0);
});

// A post in a unit's forum goes through the same report → review path as other content: Lucía (teacher5) reports
// Agnieszka's (teacher6) post; the Central Support Service, which runs the event, hides it; its author reads why.
test("a reported post in a learning event's forum reaches the support service, who hides it from the participants", async ({ browser }) => {
  const text = "A project on the legends of our regions";
  const lucia = await (await browser.newContext()).newPage();
  await signIn(lucia, "teacher5@demo.opentwin.test");
  await lucia.goto("/learning-events");
  await lucia.getByRole("link", { name: running }).click();
  await lucia.getByTestId("unit-post-item").filter({ hasText: text }).getByRole("link", { name: "Report", exact: true }).click();
  await expect(lucia.getByTestId("reported")).toContainText(text);
  await hydrated(lucia);
  await lucia.getByLabel("Reason").selectOption({ label: "Spam or advertising" });
  await lucia.getByLabel(/What is wrong/).fill("Looking for partners belongs in partner search.");
  await lucia.getByRole("button", { name: "Send the report" }).click();
  await expect(lucia.getByRole("status")).toHaveText("Thank you. The moderators will look at it.");

  const css = await (await browser.newContext()).newPage();
  await signIn(css, "css@demo.opentwin.test");
  await css.goto("/moderation");
  await hydrated(css);
  const item = css.getByTestId("report-item").filter({ hasText: text });
  await expect(item).toContainText("Learning event post");
  await expect(item).toContainText("Looking for partners belongs in partner search.");
  const hide = item.locator("form", { has: css.getByTestId("action-hide") });
  await hide.getByLabel("Reason").fill("Please keep to the unit's question.");
  await hide.getByTestId("action-hide").click();
  await expect(item).toHaveCount(0);

  // Gone for Lucía; Agnieszka still sees it, with the reason.
  await lucia.goto("/learning-events");
  await lucia.getByRole("link", { name: running }).click();
  await expect(lucia.getByTestId("unit-posts")).toContainText("I would like to compare the rivers of our towns");
  await expect(lucia.getByText(text)).toHaveCount(0);
  const agnieszka = await (await browser.newContext()).newPage();
  await signIn(agnieszka, "teacher6@demo.opentwin.test");
  await agnieszka.goto("/learning-events");
  await agnieszka.getByRole("link", { name: running }).click();
  const hidden = agnieszka.getByTestId("unit-post-item").filter({ hasText: text });
  await expect(hidden.getByTestId("hidden-note")).toContainText("Please keep to the unit's question.");
});
