import { expect, test } from "@playwright/test";
import { hydrated, signIn, signOut } from "./support";

test("a teacher finds a colleague abroad, asks to connect, and the colleague accepts", async ({ page }) => {
  // Claire Martin (France) looks for Giulia Romano (Italy) with partner search.
  await signIn(page, "teacher1@demo.opentwin.test");
  await page.getByRole("link", { name: "Partner search", exact: true }).click();
  await hydrated(page);
  await page.getByTestId("country-filter").getByLabel(/^Italy \(\d+\)$/).check();
  await expect(page).toHaveURL(/\/partners\?country=IT$/);
  await page.getByLabel("Name, school or words").fill("giul");
  // Results follow the text as it is typed: the start of a word is enough.
  await expect(page).toHaveURL(/\/partners\?q=giul&country=IT$/);
  await expect(page.getByTestId("teacher-total")).toHaveText("1 teacher found");
  await page.getByTestId("teacher-results").getByRole("link", { name: /Giulia Romano/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Giulia Romano");
  await page.getByLabel("A note for them (optional)").fill("Would your class like to join a project on water?");
  await page.getByRole("button", { name: "Ask to become contacts" }).click();
  await expect(page.getByTestId("contact-state")).toContainText("You asked to become contacts");
  await signOut(page);

  await signIn(page, "teacher3@demo.opentwin.test");
  await page.getByRole("link", { name: "Contacts", exact: true }).click();
  const request = page.getByTestId("incoming-requests").locator("li", { hasText: "Claire Martin" });
  await expect(request).toContainText("Would your class like to join a project on water?");
  await request.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("contact-list")).toContainText("Claire Martin");
  await expect(page.getByTestId("incoming-requests")).toHaveCount(0);
});
