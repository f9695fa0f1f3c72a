import { expect, test } from "@playwright/test";
import { newestMail, signIn, signOut } from "./support";

// The demo: this year's annual theme "Wellbeing at school, together" (English, French, German), taken up by the
// project "Water in our towns"; a newsletter sent three weeks ago to teacher1, 2, 3 and 5, and a draft.

test("the annual theme is on the home page in the reader's language, and on the project that took it up", async ({ page }) => {
  await page.goto("/");
  const theme = page.getByTestId("annual-theme");
  await expect(theme).toContainText(`Annual theme ${new Date().getUTCFullYear()}`);
  await expect(theme).toContainText("Wellbeing at school, together");
  await page.goto("/language/fr");
  await page.goto("/");
  await expect(page.getByTestId("annual-theme")).toContainText("Le bien-être à l'école, ensemble");
  await page.goto("/language/en");
  await page.goto("/projects");
  const card = page.locator("article").filter({ hasText: "Water in our towns" });
  await expect(card.getByTestId("theme-tag")).toHaveText(`Annual theme ${new Date().getUTCFullYear()}`);
});

test("a teacher subscribes, the Central Support Service writes and sends a newsletter in two languages, and the link in the mail unsubscribes her", async ({ page }) => {
  // Three sign-ins, a dozen pages and the background task's turn (it looks every 10 s).
  test.setTimeout(90_000);
  const teacher = "teacher4@demo.opentwin.test";
  await signIn(page, teacher);
  await page.getByRole("link", { name: "Newsletter", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Newsletter");
  await expect(page.getByText("You do not receive the newsletter at the moment.")).toBeVisible();
  await page.getByRole("button", { name: "Subscribe to the newsletter" }).click();
  await expect(page.getByText("You receive the newsletter by e-mail.")).toBeVisible();
  // The archive: last month's newsletter, its Markdown shown as headings and links.
  await page.getByRole("link", { name: /^News from the community/ }).click();
  await expect(page.getByTestId("newsletter-body").getByRole("heading", { name: "Coming up" })).toBeVisible();
  await expect(page.getByTestId("newsletter-body").getByRole("link", { name: "Seminars" })).toHaveAttribute("href", "/seminars");
  // Drafts are not for teachers.
  await page.goto("/newsletter");
  await expect(page.getByText("Winter news")).toHaveCount(0);
  await signOut(page);

  await signIn(page, "css@demo.opentwin.test");
  await page.goto("/newsletter");
  await page.getByRole("link", { name: "Write a newsletter" }).click();
  const subject = `Spring news ${Date.now()}`;
  const form = page.getByTestId("newsletter-form");
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("Text (Markdown)").fill("## Spring\n\nNew seminars are coming: see [Seminars](/seminars).");
  await form.getByRole("button", { name: "Save this version" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  // A French version, from the list of versions the form opens with English to translate.
  const edition = page.getByTestId("newsletter-edition-form");
  await edition.getByLabel("Language of this version").selectOption("fr");
  await edition.getByLabel("Subject").fill(`Nouvelles du printemps ${subject}`);
  await edition.getByLabel("Text (Markdown)").fill("## Printemps\n\nDe nouveaux séminaires arrivent.");
  await edition.getByRole("button", { name: "Save this version" }).click();
  await expect(page.getByRole("heading", { name: /^Versions: .*English.*/ })).toContainText("French");
  await page.getByTestId("newsletter-send").click();
  await expect(page.getByText(/^Being sent|^Sent on/)).toBeVisible();

  // The background task puts the mail in the outbox within seconds.
  let mail = "";
  await expect.poll(() => (mail = newestMail(teacher)), { timeout: 40_000, intervals: [1_000] }).toContain(subject);
  expect(mail).toContain("## Spring");
  // Links to the platform's pages are whole addresses in a mail.
  expect(mail).toMatch(/\[Seminars\]\(https?:\/\/[^)]+\/seminars\)/);
  const link = mail.match(/\/newsletter\/unsubscribe\?token=[0-9a-f]+/)?.[0];
  expect(link).toBeTruthy();
  await signOut(page);

  // The link works without signing in: one button.
  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Unsubscribe from the newsletter");
  await page.getByTestId("newsletter-unsubscribe").click();
  await expect(page.getByText("You are unsubscribed: no more newsletters will be sent to you.")).toBeVisible();
  // A mail program's one-click unsubscribe with the same token now unsubscribes nobody.
  const token = link!.split("token=")[1];
  const again = await page.request.post(`/newsletter/one-click-unsubscribe?token=${token}`, { data: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
  expect(again.status()).toBe(404);
  // Opened in a browser, the one-click address leads to the page, which changes nothing by itself.
  await page.goto(`/newsletter/one-click-unsubscribe?token=${token}`);
  await expect(page).toHaveURL(/\/newsletter\/unsubscribe\?token=/);

  await signIn(page, teacher);
  await page.goto("/newsletter");
  await expect(page.getByText("You do not receive the newsletter at the moment.")).toBeVisible();
});
