import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// The Central Support Service's demo seminars: "Safe online collaboration with pupils" next week (teacher1, Claire
// Martin, registered) and "Planning a project across time zones" last month (Claire attended: a certificate).
test("a teacher registers for an online seminar, gets the link and the calendar file, and the certificate after one she attended", async ({ page }) => {
  await signIn(page, "teacher1@demo.opentwin.test");
  await page.getByRole("link", { name: "Seminars", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seminars");
  const next = page.getByTestId("seminar").filter({ hasText: "Safe online collaboration with pupils" });
  await expect(next).toContainText("Registered");
  await expect(next).toContainText("With Ana Costa, eSafety trainer");
  await next.getByRole("link", { name: "Safe online collaboration with pupils" }).click();

  await expect(page.getByText("You are registered. The link to join is below.")).toBeVisible();
  await expect(page.getByTestId("seminar-join")).toHaveAttribute("href", "https://meet.demo.opentwin.test/esafety");
  // The calendar file: UTC times, the event's title, the link to join for her.
  const href = await page.getByRole("link", { name: "Add to my calendar" }).getAttribute("href");
  const calendar = await page.request.get(href!);
  expect(calendar.headers()["content-type"]).toContain("text/calendar");
  const text = await calendar.text();
  expect(text).toContain("SUMMARY:Safe online collaboration with pupils");
  expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
  expect(text).toContain("meet.demo.opentwin.test/esafety");

  // She gives her place back (the link goes), then takes it again.
  await page.getByRole("button", { name: "Cancel my registration" }).click();
  await expect(page.getByTestId("seminar-register")).toBeVisible();
  await expect(page.getByTestId("seminar-join")).toHaveCount(0);
  await page.getByTestId("seminar-register").click();
  await expect(page.getByText("You are registered. The link to join is below.")).toBeVisible();

  // Last month's seminar: the recording and her certificate.
  await page.goto("/seminars");
  await page.getByRole("link", { name: "Planning a project across time zones" }).click();
  await expect(page.getByRole("link", { name: "Watch the recording" })).toHaveAttribute("href", "https://video.demo.opentwin.test/time-zones");
  await expect(page.getByTestId("seminar-certificate").getByRole("link")).toHaveAttribute("href", /\/certificates\/.+\/certificate\.pdf$/);
  await expect(page.getByTestId("seminar-join")).toHaveCount(0);
});

test("the organiser sees who registered, and a new seminar's form refuses a link that is no web address", async ({ page }) => {
  await signIn(page, "css@demo.opentwin.test");
  await page.goto("/seminars");
  await page.getByRole("link", { name: "Safe online collaboration with pupils" }).click();
  await expect(page.getByTestId("seminar-attendee")).toHaveCount(3);
  await expect(page.getByTestId("seminar-attendees")).toContainText("Claire Martin");

  await page.goto("/seminars");
  await page.getByRole("link", { name: "New online seminar" }).click();
  const inTwoWeeks = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().slice(0, 13) + ":00";
  // (A plain form: after a refusal the page comes back, and the form is filled again.)
  const submit = async (link: string) => {
    const form = page.getByTestId("seminar-form");
    await form.getByLabel("Title").fill("Pupils' voices in a project");
    await form.getByLabel("Speaker").fill("Mia Laine");
    await form.getByLabel("What the seminar is about").fill("Letting pupils choose the questions.");
    await form.getByLabel("Starts at (UTC)").fill(inTwoWeeks);
    await form.getByLabel("Link to join").fill(link);
    await form.getByRole("button", { name: "Create the seminar" }).click();
  };
  await submit("javascript:alert(1)");
  await expect(page.getByText("Give a whole web address, starting with https://.")).toBeVisible();
  await submit("https://meet.example/pupils-voices");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pupils' voices in a project");
  await expect(page.getByText("Nobody has registered yet.")).toBeVisible();

  // Plans change: the organiser cancels it (folded away, then a second, explicit button), and it says so.
  await page.getByTestId("seminar-cancel").locator("summary").click();
  await page.getByRole("button", { name: "Cancel it and tell the registered people" }).click();
  await expect(page.getByTestId("seminar-cancelled-note")).toHaveText("This seminar is cancelled: it will not take place.");
  await expect(page.getByTestId("seminar-cancel")).toHaveCount(0);
  await page.goto("/seminars");
  const cancelled = page.getByTestId("seminar").filter({ hasText: "Pupils' voices in a project" });
  await expect(cancelled.getByTestId("seminar-cancelled")).toHaveText("Cancelled");
});
